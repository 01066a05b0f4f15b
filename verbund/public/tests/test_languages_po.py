"""Every shipped language of the public pages is complete: no empty and no fuzzy string, the
placeholders kept; and the Babel compile step produces what Django reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
SHIPPED = [code for code, _name in settings.LANGUAGES if code != "de"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def catalog(language):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} fehlt"
    with path.open("rb") as source:
        return read_po(source, locale=language)


@pytest.mark.parametrize("language", SHIPPED)
def test_no_empty_or_fuzzy_string(language):
    problems = []
    for message in catalog(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"unsicher (fuzzy): {message.id!r}")
        elif any(not string.strip() for string in strings):
            problems.append(f"leer: {message.id!r}")
    assert not problems, f"{language}: " + "; ".join(problems)


@pytest.mark.parametrize("language", SHIPPED)
def test_placeholders_are_kept(language):
    for message in catalog(language):
        if message.id and not message.pluralizable:
            assert set(PLACEHOLDER.findall(message.id)) == set(
                PLACEHOLDER.findall(message.string)
            ), message.id


def test_every_shipped_language_has_a_po_file():
    assert sorted(SHIPPED) == sorted(p.name for p in LOCALE_DIR.iterdir() if p.is_dir())


def test_fuzzy_or_empty_string_is_detected(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        '#, fuzzy\nmsgid "Zurück"\nmsgstr "Back"\n\nmsgid "Weiter"\nmsgstr ""\n',
        encoding="utf-8",
    )
    with po.open("rb") as source:
        messages = [m for m in read_po(source) if m.id]
    assert [m.fuzzy for m in messages] == [True, False]
    assert messages[1].string == ""


def test_compile_writes_mo_files_django_reads(tmp_path):
    from verbund.public.management.commands.compile_public_translations import compile_all

    target = tmp_path / "locale" / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_bytes(
        (LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po").read_bytes()
    )
    (mo,) = compile_all(tmp_path / "locale")
    import gettext

    with mo.open("rb") as source:
        translations = gettext.GNUTranslations(source)
    assert translations.gettext("Was fehlt Ihnen?") == "What are you missing?"


# Words that end in "ك" without addressing anyone (there, that, so, massage, leave, doubt).
NOT_ADDRESSING = {"هناك", "ذلك", "لذلك", "كذلك", "تلك", "بذلك", "تدليك", "ترك", "الشك"}
SINGULAR_YOU = re.compile(r"(?<![\w])أنت(?![\wم])|[\u0621-\u064a]+ك(?![\u0621-\u064a])")


def test_arabic_addresses_the_reader_in_the_polite_plural():
    """One form of address throughout (أنتم / -كم, as most strings had it), not the singular
    (أنت / -ك) of the older strings."""
    singular = []
    for message in catalog("ar"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            found = [w for w in SINGULAR_YOU.findall(string) if w not in NOT_ADDRESSING]
            if found:
                singular.append(f"{message.id!r}: {found}")
    assert not singular, "; ".join(singular)
