"""Readable ASCII slugs from Azerbaijani and Russian titles.

The maps are the ones Wagtail's admin JavaScript uses when unicode slugs are off (its
``AZERBAIJANI_MAP`` and ``RUSSIAN_MAP``), so a slug made in code (demo content, imports, a
typed Cyrillic slug) is the slug the admin suggests. Wagtail's admin puts the map of the
editor's locale first and otherwise the earliest map that has the letter: for az, en and ru
editors Cyrillic goes through its Russian map, which writes х as "x" and щ as "shh" (its
Ukrainian map's "kh" and "shch" and its Belarusian "h" apply only to uk and be editors).
tests/test_wagtail_pins.py compares these maps with the ones in Wagtail's admin script.
"""

from django.utils.text import slugify as django_slugify

AZERBAIJANI = {
    "ç": "c", "ə": "e", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u",
    "Ç": "C", "Ə": "E", "Ğ": "G", "İ": "I", "Ö": "O", "Ş": "S", "Ü": "U",
}
RUSSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "c",
    "ч": "ch", "ш": "sh", "щ": "shh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}
RUSSIAN.update({k.upper(): v.capitalize() for k, v in RUSSIAN.items()})
TRANSLITERATION = str.maketrans({**AZERBAIJANI, **RUSSIAN})


def transliterate(text: str) -> str:
    return (text or "").translate(TRANSLITERATION)


def slugify(text: str) -> str:
    """An ASCII slug that keeps the letters of Azerbaijani and Russian words readable."""
    return django_slugify(transliterate(text))[:255].strip("-")
