"""Readable ASCII slugs from Azerbaijani and Russian titles.

The maps mirror the ones Wagtail's admin JavaScript uses when unicode slugs are off, so a
slug made in code (demo content, imports) is the slug the admin would have suggested.
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
