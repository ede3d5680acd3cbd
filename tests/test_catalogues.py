"""Every visible string exists in az, en and ru, and the shipped .mo files match the .po files."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_catalogue_is_complete_and_compiled(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in po if not entry.translated()]
    assert untranslated == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            plural = (compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 5)
                      if entry.msgctxt else compiled.ngettext(entry.msgid, entry.msgid_plural, 5))
            assert plural in entry.msgstr_plural.values()
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_russian_years_use_the_right_plural_forms(client):
    from django.utils import translation

    with translation.override("ru"):
        forms = [
            translation.ngettext(
                "%(years)s year since %(date)s", "%(years)s years since %(date)s", n
            ) % {"years": n, "date": "26 февраля 1992"}
            for n in (1, 2, 5, 21, 34)
        ]
    assert forms == [
        "1 год с 26 февраля 1992",
        "2 года с 26 февраля 1992",
        "5 лет с 26 февраля 1992",
        "21 год с 26 февраля 1992",
        "34 года с 26 февраля 1992",
    ]


# -- words that are right (issue 25, Build 3) ----------------------------------------------------
WORKBENCH = ("translations",)  # the whole app: states, workbench, exchange, machine
REGISTER = ("remembrance",)


def _messages(paths):
    from tests.messages import ROOT, messages_of, python_messages

    found = {}
    for path in paths:
        if path.endswith(".py"):
            for message in python_messages(ROOT / path):
                found.setdefault(message, []).append(path)
        else:
            for message, where in messages_of(path).items():
                found.setdefault(message, []).extend(where)
    return found


def test_every_workbench_string_has_its_own_context():
    """State and workbench words are read by their meaning there, never borrowed from another
    part of the portal (the names register's "Missing" is a missing person)."""
    without = {text: where for (context, text, _plural), where in _messages(WORKBENCH).items()
               if context is None}
    assert without == {}


def test_no_message_is_shared_by_the_workbench_and_the_names_register():
    workbench, register = _messages(WORKBENCH), _messages(REGISTER)
    shared = {message for message in workbench if message in register}
    assert shared == set()
    assert ("translation state", "Missing", None) in workbench
    assert (None, "Missing", None) in register


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_every_message_the_code_asks_for_is_in_the_catalogue(language):
    from tests.messages import PORTAL_APPS, messages_of

    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in po.translated_entries()}
    missing = {(context, text): where[0]
               for (context, text, _plural), where in messages_of(*PORTAL_APPS).items()
               if (context, text) not in known}
    assert missing == {}


@pytest.mark.parametrize(("language", "state", "expected"), [
    ("az", "missing", "Tərcüməsi yoxdur"), ("ru", "missing", "Не переведено"),
    ("az", "outdated", "Tərcümə köhnəlib"), ("ru", "outdated", "Перевод устарел"),
])
def test_a_missing_translation_is_never_called_a_missing_person(language, state, expected):
    from django.utils import translation

    from translations import state as translation_state

    with translation.override(language):
        assert str(translation_state.LABELS[state]) == expected
        assert str(translation_state.LABELS[state]) not in ("İtkin düşüb", "Пропал без вести")
