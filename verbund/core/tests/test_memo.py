"""``{% memo %}``: the frame's fixed parts rendered once per key, never shown to the wrong page."""

import re

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from verbund.core.roles import Role
from verbund.core.templatetags.memo import MEMO_LIMIT, _fragments, clear_memo


class Counter:
    def __init__(self):
        self.calls = 0

    def __str__(self):
        self.calls += 1
        return str(self.calls)


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load memo %}" + source).render(context)


@pytest.fixture(autouse=True)
def empty_memo():
    clear_memo()
    yield
    clear_memo()


def test_a_fragment_is_rendered_once_per_key():
    template = engines["django"].from_string("{% load memo %}{% memo key %}[{{ n }}]{% endmemo %}")
    n = Counter()
    assert template.render({"key": "a", "n": n}) == "[1]"
    assert template.render({"key": "a", "n": n}) == "[1]"
    assert template.render({"key": "b", "n": n}) == "[2]"
    assert n.calls == 2


def test_what_stands_outside_the_tag_is_rendered_every_time():
    template = engines["django"].from_string(
        "{% load memo %}{% memo 'x' %}<a>{% endmemo %}{{ n }}{% memo 'x' %}</a>{% endmemo %}"
    )
    assert template.render({"n": 1}) == "<a>1</a>"
    assert template.render({"n": 2}) == "<a>2</a>"


def test_two_tags_with_the_same_keys_are_two_fragments():
    assert render("{% memo 'k' %}one{% endmemo %}") == "one"
    assert render("{% memo 'k' %}two{% endmemo %}") == "two"


def test_the_language_is_part_of_the_key():
    template = engines["django"].from_string(
        "{% load i18n memo %}"
        "{% memo 'k' %}{% get_current_language as code %}{{ code }}{% endmemo %}"
    )
    with translation.override("de"):
        assert template.render({}) == "de"
    with translation.override("en"):
        assert template.render({}) == "en"


def test_an_unhashable_key_renders_without_keeping():
    template = engines["django"].from_string("{% load memo %}{% memo key %}{{ n }}{% endmemo %}")
    assert template.render({"key": [1], "n": 1}) == "1"
    assert template.render({"key": [1], "n": 2}) == "2"
    assert not _fragments


def test_the_memo_stays_bounded():
    template = engines["django"].from_string("{% load memo %}{% memo key %}x{% endmemo %}")
    for key in range(MEMO_LIMIT + 10):
        template.render({"key": key})
    assert len(_fragments) <= MEMO_LIMIT


def test_the_fragment_is_not_escaped_twice():
    assert render("{% memo 'k' %}{{ v }}{% endmemo %}", v="<b>") == "&lt;b&gt;"


@pytest.mark.django_db
def test_each_role_and_page_gets_its_own_menu(client, tenant):
    """The menu differs by the roles' permissions and by the page; one process serves all."""
    slug = [tenant.municipality.slug]
    home = reverse("tenancy:home", args=slug)
    facilities = reverse("tenancy:facility_list", args=slug)

    def menu(user, url) -> str:
        client.force_login(user)
        page = client.get(url).content.decode()
        return re.search(r'<nav aria-label="Hauptnavigation".*?</nav>', page, re.S).group(0)

    planner_home = menu(tenant.users[Role.PLANNER], home)
    partner_home = menu(tenant.users[Role.PARTNER], home)
    assert planner_home != partner_home
    assert menu(tenant.users[Role.PLANNER], home) == planner_home
    planner_list = menu(tenant.users[Role.PLANNER], facilities)
    assert f'href="{facilities}" aria-current="page"' in planner_list
    assert 'aria-current="page"' not in planner_home.replace(
        f'href="{home}" aria-current="page"', ""
    )


@pytest.mark.django_db
def test_the_unread_count_and_the_search_words_stay_per_request(client, tenant):
    from django_scopes import scopes_disabled

    from verbund.dashboard.models import Notification

    user = tenant.users[Role.PLANNER]
    client.force_login(user)
    slug = [tenant.municipality.slug]
    home = reverse("tenancy:home", args=slug)
    assert "ungelesen" not in client.get(home).content.decode()
    with scopes_disabled():
        Notification.objects.create(
            municipality=tenant.municipality, user=user, key="k", title="Neu", url=home
        )
    assert ": 1 ungelesen" in client.get(home).content.decode()

    search = reverse("dashboard:search", args=slug)
    first = client.get(search, {"q": "Sonnenblume"}).content.decode()
    second = client.get(search, {"q": "Regenbogen"}).content.decode()
    assert 'value="Sonnenblume"' in first and 'value="Regenbogen"' in second
    assert "Sonnenblume" not in second
    assert 'value=""' in client.get(home).content.decode()
