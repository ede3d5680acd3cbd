"""Words as search compares them: Azerbaijani-aware folding, Azerbaijani suffixes, stems.

PostgreSQL has no Azerbaijani text-search configuration and lower-cases ``I`` to ``i`` (not
``ı``), so each page also indexes a folded copy of its texts and queries are folded the same
way (``fold``): ı, I, i and İ all become ``i``; ə, ğ, ö, ü, ş and ç lose their marks. Cyrillic
and Latin letters are only lower-cased.

FTS5 matches whole words and PostgreSQL has no Azerbaijani stemmer, so a query names the forms a
text may use (``azerbaijani_forms``: "soyqırım" finds "soyqırımı"). ``stem`` says when two
words are one word in two endings, for the languages Snowball knows and for Azerbaijani (its
suffixes, below): synonyms and typos are looked up by it.
"""

import re
import threading
import unicodedata

import snowballstemmer

_FOLD = str.maketrans(
    {
        "I": "i", "ı": "i", "İ": "i",
        "Ə": "e", "ə": "e", "Ğ": "g", "ğ": "g", "Ö": "o", "ö": "o",
        "Ü": "u", "ü": "u", "Ş": "s", "ş": "s", "Ç": "c", "ç": "c",
    }
)
WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case with Azerbaijani rules and without the special letters (Cyrillic untouched)."""
    return unicodedata.normalize("NFC", text).translate(_FOLD).lower()


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return WORD.findall(fold(text or ""))


# Azerbaijani noun suffixes (plural, possessive, case and "-lı"), written with
# A for a/ə and I for ı/i/u/ü as vowel harmony chooses; folded, ə is e and ı, i are i.
_AZ_SUFFIXES = (
    "I", "nI", "In", "nIn", "sI", "sInIn", "sInI", "InIn", "InI", "lI",
    "A", "yA", "dA", "dAn", "lA", "lAr", "lArI", "lArIn", "lArA", "lArdA", "lArdAn",
    "lArInIn", "lArInA", "lArIndA", "lArIndAn", "sInA", "sIndA", "sIndAn", "InA", "IndA",
    "IndAn", "lIlAr", "nA", "ndA",
)
# Suffixes taken off a query word to reach its stem, longest first (folded).
_AZ_STRIP = sorted(
    {suffix.replace("A", a).replace("I", "i") for suffix in _AZ_SUFFIXES for a in "ae"}
    | {suffix.replace("A", a).replace("I", "u") for suffix in _AZ_SUFFIXES for a in "ae"},
    key=len, reverse=True,
)
# The same, for whoever applies the rule elsewhere (the archive's offline search).
AZ_SUFFIXES_LONGEST_FIRST = tuple(_AZ_STRIP)
MIN_STEM = 4
LATIN = re.compile(r"^[a-z0-9]+$")
AZ_LETTERS = set("əığşçöüƏIİĞŞÇÖÜ")


def with_suffixes(base: str) -> set[str]:
    """``base`` (folded) with every suffix of ``_AZ_SUFFIXES`` in its harmony (ı and i fold
    alike; a after back vowels, ə after front ones, both kept since folding hides which)."""
    vowels = [ch for ch in base if ch in "aeiou"]
    narrow = "u" if vowels and vowels[-1] in "ou" else "i"
    forms = {base}
    for suffix in _AZ_SUFFIXES:
        for wide in "ae":
            # After the first wide vowel every narrow one is i: "lArIn" is larin or lerin.
            head, sep, tail = suffix.partition("A")
            written = head.replace("I", narrow) + (wide + tail.replace("A", wide).replace(
                "I", "i") if sep else "")
            forms.add(base + written)
    return forms


def azerbaijani_stem(word: str) -> str:
    """The folded word without its longest Azerbaijani suffix, the stem kept at least five
    letters long ("xocalida" -> "xocali", "soyqirimi" -> "soyqirim")."""
    folded = fold(word)
    for suffix in _AZ_STRIP:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= MIN_STEM + 1:
            return folded[: -len(suffix)]
    return folded


def azerbaijani_forms(word: str) -> set[str]:
    """The folded word and its stem, each with the common suffixes ("soyqırım" finds
    "soyqırımı", "Xocalıda" finds "Xocalı")."""
    return with_suffixes(fold(word)) | with_suffixes(azerbaijani_stem(word))


def looks_azerbaijani(word: str, language: str | None) -> bool:
    """A Latin word typed in the Azerbaijani search, or one with Azerbaijani letters."""
    return (language == "az" or bool(AZ_LETTERS & set(word))) and bool(LATIN.match(fold(word)))


# Snowball's stemmers for the languages it knows, by language code (data, keyed by code: a
# language added to settings.LANGUAGES without one is compared by its folded words).
SNOWBALL = {"en": "english", "ru": "russian", "tr": "turkish", "de": "german",
            "fr": "french", "uk": "russian"}
_CYRILLIC = re.compile(r"[а-яё]")


_stemmers = threading.local()  # a Snowball stemmer keeps the word it works on: one per thread


def _stemmer(algorithm: str):
    if not hasattr(_stemmers, algorithm):
        setattr(_stemmers, algorithm, snowballstemmer.stemmer(algorithm))
    return getattr(_stemmers, algorithm)


def stem(word: str, language: str | None) -> str:
    """The word's stem in ``language``: Azerbaijani by its suffixes, others by Snowball; a
    Cyrillic word is stemmed as Russian in every language's search."""
    folded = fold(word)
    if _CYRILLIC.search(folded):
        return _stemmer("russian").stemWord(folded)
    if language == "az" or AZ_LETTERS & set(word):
        return azerbaijani_stem(word)
    algorithm = SNOWBALL.get(language or "")
    return _stemmer(algorithm).stemWord(folded) if algorithm else folded
