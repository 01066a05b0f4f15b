"""``{% load i18n %}`` gives what Django's library gives, in every language, for every
translated literal of the project's templates."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Engine, engines
from django.test import override_settings
from django.utils import translation

from verbund.core.templatetags import fast_i18n

PROJECT = engines["django"].engine
DJANGO = Engine(
    dirs=PROJECT.dirs,
    app_dirs=PROJECT.app_dirs,
    libraries={"i18n": "django.templatetags.i18n"},
)
LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]
LITERAL = re.compile(r'{% (?:translate|trans) ("[^"]*"|\'[^\']*\') %}')


def project_literals() -> list[str]:
    found: set[str] = set()
    roots = [
        Path(settings.BASE_DIR) / "templates",
        *Path(settings.BASE_DIR, "verbund").glob("*/templates"),
    ]
    for root in roots:
        for path in root.rglob("*.html"):
            found.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    return sorted(found)


def render(engine: Engine, source: str, autoescape: bool = True, **context) -> str:
    return engine.from_string("{% load i18n %}" + source).render(
        Context(context, autoescape=autoescape)
    )


def test_the_library_is_the_one_every_template_loads():
    node = PROJECT.from_string('{% load i18n %}{% translate "Montag" %}').nodelist[-1]
    assert isinstance(node, fast_i18n.MemoTranslateNode)


def test_every_literal_of_the_project_translates_as_with_django_in_every_language():
    literals = project_literals()
    assert len(literals) > 500  # the scan finds the templates
    source = "|".join(f"{{% translate {literal} %}}" for literal in literals)
    for code in LANGUAGE_CODES:
        with translation.override(code):
            expected = render(DJANGO, source)
            assert render(PROJECT, source) == expected, code
            template = PROJECT.from_string("{% load i18n %}" + source)
            for _ in range(2):  # from the memo
                assert template.render(Context()) == expected, code


def test_the_language_is_read_per_render_not_kept_from_the_first():
    template = PROJECT.from_string('{% load i18n %}{% translate "Montag" %}')
    with translation.override("en"):
        assert template.render(Context()) == "Monday"
    with translation.override("de"):
        assert template.render(Context()) == "Montag"
    with translation.override("en"):
        assert template.render(Context()) == "Monday"


def test_a_language_block_switches_and_restores_the_language():
    source = (
        '{% translate "Montag" %}/{% language "en" %}{% translate "Montag" %}'
        "{% blocktranslate %}Dienstag{% endblocktranslate %}{% endlanguage %}/"
        '{% translate "Montag" %}{% blocktranslate %}Dienstag{% endblocktranslate %}'
    )
    with translation.override("de"):
        assert (
            render(PROJECT, source)
            == render(DJANGO, source)
            == "Montag/MondayTuesday/MontagDienstag"
        )


def test_escaping_follows_autoescape_of_each_render():
    source = '{% translate "Eltern & Kinder <3" %}'
    template = PROJECT.from_string("{% load i18n %}" + source)
    for autoescape in [True, False, True]:
        expected = render(DJANGO, source, autoescape=autoescape)
        assert template.render(Context({}, autoescape=autoescape)) == expected


@pytest.mark.parametrize(
    "source",
    [
        '{% translate "Montag" as day %}[{{ day }}]',
        '{% translate "Montag" noop %}',
        '{% translate "Montag" context "Wochentag" %}',
        '{% translate "Montag"|upper %}',
        "{% translate word %}",
        "{% blocktranslate %}{{ word }} am Montag{% endblocktranslate %}",
        "{% blocktranslate count n=count %}ein Tag{% plural %}{{ n }} Tage{% endblocktranslate %}",
        "{% blocktranslate asvar text %}Montag{% endblocktranslate %}[{{ text }}]",
        '{% blocktranslate context "Wochentag" %}Montag{% endblocktranslate %}',
        "{% blocktranslate with x=word %}{{ x }}{% endblocktranslate %}",
        "{% blocktranslate %}100 %{% endblocktranslate %}",
        '{% translate "100 %" %}',
        "{% get_current_language as code %}{{ code }}",
        '{% get_language_info for "en" as info %}{{ info.name_local }}',
    ],
)
@pytest.mark.parametrize("code", ["de", "en", "ar"])
def test_every_other_form_renders_as_with_django(source, code):
    with translation.override(code):
        for word, count in [("Dienstag", 1), ("<b>", 3)]:
            assert render(PROJECT, source, word=word, count=count) == render(
                DJANGO, source, word=word, count=count
            )


def test_changed_translation_settings_empty_the_memo():
    template = PROJECT.from_string('{% load i18n %}{% translate "Montag" %}')
    node = template.nodelist[-1]
    with translation.override("en"):
        assert template.render(Context()) == "Monday"
        for key in node._memo:
            node._memo[key] = "stale"
        assert template.render(Context()) == "stale"  # the memo answers
        with override_settings(LOCALE_PATHS=[*settings.LOCALE_PATHS]):
            # (Django's own handler also resets the active language)
            expected = render(DJANGO, '{% translate "Montag" %}')
            assert template.render(Context()) == expected != "stale"
