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
            plural = compiled.ngettext(entry.msgid, entry.msgid_plural, 5)
            assert plural in entry.msgstr_plural.values()
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
