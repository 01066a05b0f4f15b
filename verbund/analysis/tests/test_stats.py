import itertools
import math
import statistics

from hypothesis import given
from hypothesis import strategies as st

from verbund.analysis import stats
from verbund.analysis.choices import IndexMethod
from verbund.analysis.formatting import de, signed


def test_distribution_median_mean_and_ranks_with_ties():
    dist = stats.Distribution.of([3.0, 1.0, 2.0, 2.0, 10.0])
    assert dist.median == 2.0
    assert dist.mean == 3.6
    assert dist.rank(10.0) == 1
    assert dist.rank(2.0) == 3  # two areas share rank 3
    assert dist.rank(1.0) == 5
    assert dist.rank(1.0, higher_first=False) == 1
    assert dist.rank(2.0, higher_first=False) == 2
    assert dist.rank(10.0, higher_first=False) == 5


def test_z_score_uses_population_standard_deviation():
    dist = stats.Distribution.of([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    assert dist.stdev == 2.0
    assert dist.z(9.0) == 2.0
    assert stats.Distribution.of([5.0, 5.0]).z(5.0) is None


def test_composite_index_respects_direction_weights_and_completeness():
    poverty = {1: 30.0, 2: 20.0, 3: 10.0, 4: 20.0}
    employment = {1: 40.0, 2: 60.0, 3: 80.0}  # area 4 has no value
    index = stats.composite_index([(poverty, 2.0, True), (employment, 1.0, False)])
    assert set(index) == {1, 2, 3}  # incomplete areas get no index
    assert index[1] > index[2] > index[3]
    values = list(index.values())
    assert math.isclose(statistics.fmean(values), 0.0, abs_tol=1e-9)
    assert math.isclose(statistics.pstdev(values), 1.0, rel_tol=1e-9)


def test_reversed_direction_reverses_the_order():
    values = {1: 1.0, 2: 2.0, 3: 3.0}
    more = stats.composite_index([(values, 1.0, True)])
    less = stats.composite_index([(values, 1.0, False)])
    assert more[3] > more[1]
    assert less[1] > less[3]


def test_classify_by_thresholds_and_by_quantiles():
    index = {1: 2.0, 2: 1.2, 3: 0.0, 4: -1.5, 5: 1.5}
    by_threshold = stats.classify(index, method=IndexMethod.THRESHOLDS, boundaries=(1.5, 1.0, -1.0))
    assert by_threshold == {1: 1, 2: 2, 3: 3, 4: 4, 5: 1}
    ten = {i: float(i) for i in range(1, 11)}
    by_quantile = stats.classify(ten, method=IndexMethod.QUANTILES, boundaries=(10, 30, 80))
    assert by_quantile[10] == 1
    assert by_quantile[9] == by_quantile[8] == 2
    assert [by_quantile[i] for i in range(3, 8)] == [3] * 5
    assert by_quantile[2] == by_quantile[1] == 4


@given(
    st.dictionaries(
        st.integers(1, 500),
        st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
        min_size=3,
        max_size=60,
    ),
    st.floats(0.1, 10),
)
def test_composite_index_is_standardised_or_zero(values, weight):
    index = stats.composite_index([(values, weight, True)])
    assert set(index) == set(values)
    result = list(index.values())
    if statistics.pstdev(values.values()) > 1e-6 * max(1.0, max(map(abs, values.values()))):
        assert math.isclose(statistics.fmean(result), 0.0, abs_tol=1e-6)
        # Higher value → higher index, never the other way round.
        ordered = sorted(values, key=values.get)
        assert all(index[a] <= index[b] + 1e-9 for a, b in itertools.pairwise(ordered))


@given(st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=1, max_size=80))
def test_quantile_breaks_cover_every_value(values):
    dist = stats.Distribution.of(values)
    breaks = dist.quantile_breaks(5)
    assert breaks == sorted(breaks)
    assert breaks[-1] == max(values)
    for value in values:
        assert stats.colour_for(value, breaks) in stats.SEQUENTIAL


def test_german_number_formatting():
    assert de(1234.56) == "1.234,6"
    assert de(0.5, 2) == "0,50"
    assert de(None) == "–"
    assert signed(2.25, 1) == "+2,2" or signed(2.25, 1) == "+2,3"
    assert signed(-3.0) == "−3,0"
    assert signed(0.0) == "±0,0"
