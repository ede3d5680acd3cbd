"""One search key for a name, whatever script or spelling it was typed in.

"Агаев", "Agayev", "Ağayev" and "AĞAYEV" all fold to "agaiav"; "Гусейнов", "Huseynov" and
"Hüseynov" to "gusainov"; "Мамедов", "Mammadov" and "Məmmədov" to "mamadov"; "Ходжалы",
"Xocalı", "Khojaly" and (through core.spellings) "Chodschali" to "gojali". The folding is
deliberately coarse: the letters that the three writing systems render in different ways are
merged into one class each, so a name matches across scripts at the cost of some extra
matches, which a reader can tell apart.

Classes (the canonical letter first):
  a  a e ə ä э (and the е of Russian)          i  i ı y ы и й
  o  o ö ё                                     u  u ü у
  g  g ğ q h x kh gh г х һ ғ                   j  c (Azerbaijani) j dj dzh zh дж ж
  c  ç ch ч                                    s  s ş sh shch ш щ
Repeated letters collapse (mm → m); anything that is not a letter separates words.
"""

import re
import unicodedata

from core.spellings import canonical

# Cyrillic first spelled out in Latin; the Latin pass below then folds both alike.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "ə", "ғ": "g", "һ": "h", "ө": "o", "ү": "u", "ҹ": "j", "ҝ": "g",
    "ј": "y", "і": "i", "ї": "yi", "є": "ye",
}
CYRILLIC_VOWELS = set("аеёиоуыэюяәөүіїє")

LATIN = {
    "shch": "s", "dzh": "j", "sh": "s", "ch": "c", "zh": "j", "kh": "g", "gh": "g", "dj": "j",
    "a": "a", "e": "a", "ə": "a", "ä": "a",
    "i": "i", "ı": "i", "y": "i",
    "o": "o", "ö": "o", "u": "u", "ü": "u",
    "g": "g", "ğ": "g", "q": "g", "h": "g", "x": "g",
    "c": "j", "j": "j", "ç": "c",
    "s": "s", "ş": "s", "w": "v",
}
LATIN_TOKEN = re.compile("|".join(sorted((k for k in LATIN if len(k) > 1), key=len, reverse=True))
                         + "|.", re.DOTALL)
REPEATS = re.compile(r"([a-z])\1+")


def _lower(text: str) -> str:
    # Azerbaijani (and Turkish) I: dotted İ and dotless I both become plain i here.
    text = text.replace("İ", "i").replace("I", "i").replace("ı", "i")
    return text.lower().replace("i̇", "i")


def _cyrillic(text: str) -> str:
    out = []
    previous = ""
    for index, char in enumerate(text):
        if char == "д" and text[index + 1:index + 2] == "ж":
            out.append("d")  # "дж" → "dzh" → j
            previous = char
            continue
        if char == "е" and (not previous.isalpha() or previous in CYRILLIC_VOWELS
                            or previous in "ъь"):
            out.append("ye")  # Елена → Yelena, Агаев → Agayev
        else:
            out.append(CYRILLIC.get(char, char))
        previous = char
    return "".join(out)


def _strip_marks(char: str) -> str:
    """Letters with accents other than Azerbaijani ones lose them (é → e)."""
    if char in LATIN or char.isascii():
        return char
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0] if decomposed[0].isascii() else char


_WORDS = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """The search key: lower-case ASCII words of the canonical letters, single-spaced. A place
    name in any of the spellings the portal knows (core.spellings: "Chodschali") is folded as
    its canonical spelling ("Xocalı")."""
    text = _WORDS.sub(lambda match: canonical(match.group(0)), text or "")
    text = _cyrillic(_lower(text))
    text = "".join(_strip_marks(char) for char in text)
    folded = LATIN_TOKEN.sub(lambda m: LATIN.get(m.group(0), m.group(0)), text)
    folded = re.sub(r"[^a-z]+", " ", folded)
    return REPEATS.sub(r"\1", folded).strip()
