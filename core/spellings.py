"""The names readers write in many scripts and spellings: one table, for the site search and the
names register.

The town is Xocalı in Azerbaijani, Хоҹалы in the Azerbaijani Cyrillic older readers learnt,
Ходжалы in Russian, Hocalı in Turkish, Khojaly or Khodjaly in English, Chodschali in German and
Khodjali in French; the places around it travel the same way. A reader who types any of them
means the same place, so every spelling of a name (and the forms a text inflects it into) finds
what any other finds (``core.search``), and the register folds them to one key
(``remembrance.folding``).

The spellings are data, keyed by writing system; a developer adds a name or a spelling here.
Editors add their own equivalences of ordinary words as synonyms in the admin
(``core.models.SearchSynonym``).
"""

from dataclasses import dataclass, field
from functools import cache

from core.wordforms import fold, with_suffixes

# Russian endings of a masculine noun ending in a consonant (Агдам: Агдама, Агдаму ...), of an
# adjective (ходжалинская, ходжалинского ...) and of a plural noun of people (ходжалинцы ...).
RU_NOUN = ("", "а", "у", "ом", "е")
RU_ADJECTIVE = ("ий", "ая", "ое", "ие", "ого", "ой", "ую", "ом", "ому", "им", "ими", "их")
RU_PEOPLE = ("ы", "ев", "ам", "ами", "ах", "а", "у", "ем", "е")
# Writing systems whose words take Azerbaijani (or Turkish) suffixes: "Xocalıda", "Hocalı'da".
AGGLUTINATIVE = ("az", "tr")


@dataclass(frozen=True, eq=False)
class Name:
    """One name and the spellings readers use, by writing system ("az" Latin, "az-Cyrl",
    "ru", "tr", "en", "de", "fr"), with the inflected forms a text may hold beyond the
    Azerbaijani and Turkish suffixes, which are added by rule."""

    canonical: str
    spellings: dict[str, tuple[str, ...]]
    inflected: tuple[str, ...] = field(default=())

    @property
    def all_spellings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for group in self.spellings.values() for s in group))

    def forms(self) -> frozenset[str]:
        """Every folded word form of the name a text or a query may hold."""
        return _forms(self)


def _declined(stem: str, endings) -> tuple[str, ...]:
    return tuple(stem + ending for ending in endings)


NAMES = (
    Name(
        "Xocalı",
        {
            "az": ("Xocalı", "Xocali"),
            "az-Cyrl": ("Хоҹалы",),
            "ru": ("Ходжалы", "Ходжали"),
            "tr": ("Hocalı",),
            "en": ("Khojaly", "Khojali", "Khodjaly", "Hodjaly", "Hojaly", "Khodzhaly", "Xojaly"),
            "de": ("Chodschali", "Chodschaly"),
            "fr": ("Khodjali", "Khodjaly"),
        },
        _declined("ходжалинск", RU_ADJECTIVE) + _declined("ходжалинц", RU_PEOPLE),
    ),
    Name(
        "Ağdam",
        {
            "az": ("Ağdam",), "az-Cyrl": ("Ағдам",), "ru": ("Агдам",), "tr": ("Ağdam",),
            "en": ("Aghdam", "Agdam"), "de": ("Agdam",), "fr": ("Agdam",),
        },
        _declined("агдам", RU_NOUN[1:]) + _declined("агдамск", RU_ADJECTIVE),
    ),
    Name(
        "Əsgəran",
        {
            "az": ("Əsgəran",), "az-Cyrl": ("Әсҝәран",), "ru": ("Аскеран",), "tr": ("Esgeran",),
            "en": ("Askeran", "Asgaran"), "de": ("Askeran",), "fr": ("Askeran",),
        },
        _declined("аскеран", RU_NOUN[1:]),
    ),
    Name(
        "Qarabağ",
        {
            "az": ("Qarabağ",), "az-Cyrl": ("Гарабағ",), "ru": ("Карабах",), "tr": ("Karabağ",),
            "en": ("Karabakh", "Garabagh"), "de": ("Karabach",), "fr": ("Karabagh",),
        },
        _declined("карабах", RU_NOUN[1:]) + _declined("карабахск", RU_ADJECTIVE),
    ),
    Name(
        "Xankəndi",
        {
            "az": ("Xankəndi",), "az-Cyrl": ("Ханкәнди",), "ru": ("Ханкенди", "Степанакерт"),
            "tr": ("Hankendi",), "en": ("Khankendi", "Stepanakert"),
            "de": ("Chankendi", "Stepanakert"), "fr": ("Khankendi", "Stepanakert"),
        },
        _declined("степанакерт", RU_NOUN[1:]),
    ),
)


@cache
def _forms(name: Name) -> frozenset[str]:
    forms = {fold(word) for word in name.inflected}
    for system, spellings in name.spellings.items():
        for spelling in spellings:
            folded = fold(spelling)
            forms.add(folded)
            if system in AGGLUTINATIVE:
                forms |= with_suffixes(folded)
    return frozenset(forms)


@cache
def _by_form() -> dict[str, Name]:
    return {form: name for name in NAMES for form in name.forms()}


def name_of(word: str) -> Name | None:
    """The name ``word`` spells, in any script, spelling or inflected form, else None."""
    return _by_form().get(fold(word))


def every_form() -> frozenset[str]:
    """Every folded form of every name (the words a reader's typo is compared with)."""
    return frozenset(_by_form())


def canonical(word: str) -> str:
    """The name's canonical spelling for a spelling of it (its inflections keep their own
    ending), else the word itself: "Chodschali" -> "Xocalı"."""
    name = name_of(word)
    if name is None:
        return word
    folded = fold(word)
    spelled = {fold(spelling) for spelling in name.all_spellings}
    return name.canonical if folded in spelled else word
