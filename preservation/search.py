"""Search in the static copy, without a server: an index per language, read by
``static/preservation/search.js`` in the reader's browser, opened from disk or from any host.

Why not Pagefind: its index is fetched in pieces (``fetch``) with a WebAssembly module, which
browsers refuse to pages opened from disk, and it knows nothing of Azerbaijani suffixes or of the
event's name in its many spellings. This index is a classic script (``<script src>`` works from
disk) and matches words by the live search's own rules (``core.search``: its folding, the name's
stems, the Azerbaijani suffixes it strips), passed to the script as data so the two cannot drift
apart; results are ordered as ``core.search.rank`` orders them (titles holding the query first,
the memorial article first among them, then titles in the reader's language, then how much of
the title the query covers, then how often the words occur).

A word's *keys* are what a query word must share with it to match: the folded word itself,
"#name" for any spelling of the event's name, and ``~`` with each of its cores (the word less
none, one or two last letters, at least five letters: "massacre" and "massacres") and with its
Azerbaijani stem ("soyqırımı" and "soyqırım").
"""

import json
import re
from collections import Counter, defaultdict

from core import search as live
from core import spellings, wordforms

WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 30


def words(text: str) -> list[str]:
    return [wordforms.fold(word) for word in WORD.findall(text or "")]


def word_keys(word: str) -> set[str]:
    """The keys of a folded word (module docstring); search.js computes the same."""
    keys = {word}
    name = spellings.name_of(word)
    if name is not None:  # every spelling of a name (core.spellings) under one key
        keys.add("#name:" + wordforms.fold(name.canonical))
    for cut in range(3):
        if len(word) - cut >= wordforms.MIN_STEM + 1:
            keys.add("~" + word[: len(word) - cut])
    stem = wordforms.azerbaijani_stem(word)
    if stem != word:
        keys.add("~" + stem)
    return keys


def rules() -> dict:
    """The live search's rules, as data for the browser."""
    return {
        "fold": {character: wordforms.fold(character)
                 for character in "ƏəIıİiĞğŞşÇçÖöÜüЁё" if wordforms.fold(character) != character},
        "names": {form: wordforms.fold(spellings.name_of(form).canonical)
                  for form in spellings.every_form()},
        "suffixes": list(wordforms.AZ_SUFFIXES_LONGEST_FIRST),
        "minStem": wordforms.MIN_STEM,
        "maxTerms": live.MAX_TERMS,
        "maxLength": live.MAX_QUERY_LENGTH,
    }


def build_index(documents: list[dict]) -> dict:
    """The index of one language's documents: each has ``url`` (from the static copy's root),
    ``title``, ``title_language``, ``snippet``, ``prominence``, ``titles`` (its titles in the
    other languages) and ``text`` (its title and main text)."""
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    keys_of: dict[str, set[str]] = {}
    docs = []
    for number, document in enumerate(documents):
        counts = Counter(words(" ".join([document["title"], *document["titles"],
                                         document["text"]])))
        for word, count in counts.items():
            keys = keys_of.get(word)
            if keys is None:
                keys = keys_of[word] = word_keys(word)
            for key in keys:
                postings[key][number] = postings[key].get(number, 0) + count
        docs.append([document["url"], document["title"], document["title_language"],
                     document["snippet"], document["prominence"], document["titles"]])
    flat = {key: [value for pair in sorted(found.items()) for value in pair]
            for key, found in sorted(postings.items())}
    return {"rules": rules(), "docs": docs, "keys": flat}


def index_script(index: dict) -> str:
    """The index as a classic script: pages opened from disk may load scripts, not fetch."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return f"window.archiveSearchIndex={data};\n"


def snippet(text: str) -> str:
    found = text.split()
    return " ".join(found[:SNIPPET_WORDS]) + ("…" if len(found) > SNIPPET_WORDS else "")
