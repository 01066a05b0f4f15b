"""Sorted keys kept packed in a cache (``core.paging.pack_keys``) page like the list itself."""

from django.core.paginator import Paginator
from hypothesis import given
from hypothesis import strategies as st

from verbund.core.paging import pack_keys, unpack_keys

keys_strategy = st.lists(st.integers(min_value=1, max_value=2**63 - 1), max_size=300)


@given(keys=keys_strategy, per_page=st.integers(1, 60), number=st.integers(-2, 12))
def test_unpacked_keys_page_like_the_list(keys, per_page, number):
    packed = Paginator(unpack_keys(pack_keys(keys)), per_page).get_page(number)
    plain = Paginator(keys, per_page).get_page(number)
    assert list(packed.object_list) == list(plain.object_list)
    assert (packed.number, packed.paginator.count, packed.paginator.num_pages) == (
        plain.number,
        plain.paginator.count,
        plain.paginator.num_pages,
    )


@given(keys=keys_strategy)
def test_packing_keeps_every_key_in_order(keys):
    unpacked = unpack_keys(pack_keys(keys))
    assert len(unpacked) == len(keys)
    assert list(unpacked) == keys
    assert all(isinstance(key, int) for key in unpacked[:3])
