"""Anniversary numbers written the way each language writes them.

English: 1st, 2nd, 3rd, 4th, 11th-13th, 21st ... "34th anniversary".
Russian: the feminine ordinal of «годовщина»: "34-я годовщина".
Azerbaijani: the suffix -ci/-cı/-cu/-cü follows the vowel harmony of the last number word
read aloud (34 = otuz dörd -> 34-cü; 30 = otuz -> 30-cu; 40 = qırx -> 40-cı).
"""

import datetime

from django.conf import settings
from django.utils import translation

# The last vowel of each Azerbaijani number word decides the suffix.
AZ_UNITS = {1: "bir", 2: "iki", 3: "üç", 4: "dörd", 5: "beş", 6: "altı", 7: "yeddi",
            8: "səkkiz", 9: "doqquz"}
AZ_TENS = {1: "on", 2: "iyirmi", 3: "otuz", 4: "qırx", 5: "əlli", 6: "altmış", 7: "yetmiş",
           8: "səksən", 9: "doxsan"}
# Larger round numbers: yüz (100), min (1000), milyon, milyard.
AZ_POWERS = [(10**9, "milyard"), (10**6, "milyon"), (1000, "min"), (100, "yüz")]
# The word for "anniversary" after the ordinal, in each language's grammar.
ANNIVERSARY_WORDS = {"az": "ildönümü", "en": "anniversary", "ru": "годовщина"}
AZ_SUFFIX_BY_VOWEL = {"a": "cı", "ı": "cı", "e": "ci", "ə": "ci", "i": "ci",
                      "o": "cu", "u": "cu", "ö": "cü", "ü": "cü"}


def az_last_word(number: int) -> str:
    """The number word that is read last when the number is said aloud in Azerbaijani."""
    if number == 0:
        return "sıfır"
    if number % 10:
        return AZ_UNITS[number % 10]
    if number % 100:
        return AZ_TENS[(number % 100) // 10]
    for power, word in AZ_POWERS:
        if number % power == 0:
            return word
    return "yüz"  # unreachable: every multiple of 100 is caught above


def az_suffix(number: int) -> str:
    word = az_last_word(number)
    vowel = next(letter for letter in reversed(word) if letter in AZ_SUFFIX_BY_VOWEL)
    return AZ_SUFFIX_BY_VOWEL[vowel]


def en_suffix(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def ordinal(number: int, language: str | None = None) -> str:
    """The number as an ordinal in figures: 34th, 34-я (годовщина), 34-cü."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if language == "az":
        return f"{number}-{az_suffix(number)}"
    if language == "ru":
        return f"{number}-я"
    return f"{number}{en_suffix(number)}"


def anniversary_label(number: int, language: str | None = None) -> str:
    """'34th anniversary', '34-я годовщина', '34-cü ildönümü' in the given or active language."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    word = ANNIVERSARY_WORDS.get(language, ANNIVERSARY_WORDS["en"])
    return f"{ordinal(number, language)} {word}"


def anniversary_number(event_date: datetime.date, on: datetime.date) -> int:
    """Which anniversary falls in the year of `on` (34 for any date in 2026)."""
    return on.year - event_date.year
