"""Search in the static copy, without a server: an index per language, read by
``static/preservation/search.js`` in the reader's browser, opened from disk or from any host.

Why not Pagefind: its index is fetched in pieces (``fetch``) with a WebAssembly module, which
browsers refuse to pages opened from disk, and it knows nothing of Azerbaijani suffixes or of the
event's name in its many spellings. This index is a classic script (``<script src>`` works from
disk) and matches words by the live search's own rules (``core.search``), exported into it at
build time so the two cannot drift apart:

- the one table of spellings (``core.spellings``): every form of a name, under one key;
- the synonyms editors keep for the index's language (``core.models.SearchSynonym``, read
  through ``core.search.vocabulary`` as the live search reads them when the archive is built);
- the Azerbaijani suffixes and the minimal stem (``core.wordforms``);
- the lexicon typing slips are corrected against (``core.search.vocabulary``: every title word,
  every name form and every synonym) and how many slips a word of a given length may hold
  (``core.search.allowed_slips``), the function words ranking ignores and the query limits.

Results are ordered as ``core.search.rank`` orders them: pages whose title (in any language)
holds the query, the memorial article first among them, then titles in the reader's language,
then how much of the title the query covers; then pages whose lead holds it (its search
description, summary, lead or introduction in any language, ``core.search.leads_of``); then the
rest, by how often the words occur.

A word's *keys* are what a query word must share with it to match: the folded word itself,
"#name:" and the name for any spelling of a name, ``~`` with each of its cores (the word less
none, one or two last letters, at least five letters: "massacre" and "massacres") and with its
Azerbaijani stem ("soyqırımı" and "soyqırım"), and ``^`` with its stem in the index's language
(``core.wordforms.stem``: Snowball for English and Russian), which only the synonyms' words ask
for: "резня" finds "резни" as the live search's stemming backend finds it. Stems are worked out
here, never in the browser: the index carries the stems of its title and lead words and, for
each synonym group, the keys of its words.
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
    """The keys of a folded word that search.js computes the same way (module docstring)."""
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


def stem_key(word: str, language: str) -> str:
    return "^" + wordforms.stem(word, language)


def index_keys(word: str, language: str) -> set[str]:
    """The keys a word of a page is indexed under: its own and its stem's."""
    return word_keys(word) | {stem_key(word, language)}


def synonym_rules(language: str, known: live.Vocabulary, vocabulary: set[str]) -> dict:
    """The synonym groups editors keep for ``language``, as keys: each group is the keys of
    its words (with their Azerbaijani suffixed forms where the live search adds them); and
    which group each word of the index, of the lexicon or of a group belongs to, as
    ``core.search.Vocabulary.groups`` says (by the word's stem in ``language``)."""
    groups = []
    for group in known.synonyms.get(language, []):
        keys = set()
        for synonym in group:
            for form in live.word_forms(synonym, language):
                for word in words(form):
                    keys |= word_keys(word) | {stem_key(word, language)}
        groups.append(sorted(keys))
    numbers = {group: n for n, group in enumerate(known.synonyms.get(language, []))}
    members = {}
    for word in sorted(vocabulary | set(known.lexicon)):
        found = [numbers[group] for group in known.groups(word, language)]
        if found:
            members[word] = found
    return {"groups": groups, "members": members,
            "stemKeys": {key: sorted(found) for key, found in
                         known.stems.get(language, {}).items()}}


def rules(language: str, known: live.Vocabulary, vocabulary: set[str]) -> dict:
    """The live search's rules for ``language``, as data for the browser."""
    return {
        "language": language,
        "fold": {character: wordforms.fold(character)
                 for character in "ƏəIıİiĞğŞşÇçÖöÜüЁё" if wordforms.fold(character) != character},
        "names": {form: wordforms.fold(spellings.name_of(form).canonical)
                  for form in spellings.every_form()},
        "suffixes": list(wordforms.AZ_SUFFIXES_LONGEST_FIRST),
        "azLetters": "".join(sorted(wordforms.AZ_LETTERS)),
        "minStem": wordforms.MIN_STEM,
        "maxTerms": live.MAX_TERMS,
        "maxLength": live.MAX_QUERY_LENGTH,
        "functionWords": sorted(live.FUNCTION_WORDS),
        # Slips forgiven by a word's length: [length from which, slips], as allowed_slips says.
        "slips": _slip_steps(),
        "lexicon": list(known.lexicon),
        "synonyms": synonym_rules(language, known, vocabulary),
    }


def _slip_steps() -> list[list[int]]:
    steps, last = [], 0
    for length in range(1, 64):
        slips = live.allowed_slips("a" * length)
        if slips != last:
            steps.append([length, slips])
            last = slips
    return steps


def build_index(documents: list[dict], language: str = "") -> dict:
    """The index of one language's documents: each has ``url`` (from the static copy's root),
    ``title``, ``title_language``, ``snippet``, ``prominence``, ``titles`` (its titles in the
    other languages), ``lead`` (its leads in every language) and ``text`` (its title and main
    text)."""
    known = live.vocabulary()
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    keys_of: dict[str, set[str]] = {}
    docs = []
    shown: set[str] = set()  # the words of titles and leads, which ranking reads
    for number, document in enumerate(documents):
        counts = Counter(words(" ".join([document["title"], *document["titles"],
                                         document.get("lead", ""), document["text"]])))
        for word, count in counts.items():
            keys = keys_of.get(word)
            if keys is None:
                keys = keys_of[word] = index_keys(word, language)
            for key in keys:
                postings[key][number] = postings[key].get(number, 0) + count
        shown.update(words(" ".join([document["title"], *document["titles"],
                                     document.get("lead", "")])))
        docs.append([document["url"], document["title"], document["title_language"],
                     document["snippet"], document["prominence"], document["titles"],
                     document.get("lead", "")])
    flat = {key: [value for pair in sorted(found.items()) for value in pair]
            for key, found in sorted(postings.items())}
    stems = {word: wordforms.stem(word, language) for word in sorted(shown)}
    return {"rules": rules(language, known, set(keys_of)), "docs": docs, "keys": flat,
            "stems": {word: stem for word, stem in stems.items() if stem != word}}


def index_script(index: dict) -> str:
    """The index as a classic script: pages opened from disk may load scripts, not fetch."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return f"window.archiveSearchIndex={data};\n"


def snippet(text: str) -> str:
    found = text.split()
    return " ".join(found[:SNIPPET_WORDS]) + ("…" if len(found) > SNIPPET_WORDS else "")
