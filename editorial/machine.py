"""Machine translation as a suggestion, off by default.

No request leaves the portal unless an operator configured a backend in the environment
(docs/configuration.md):

- ``PORTAL_MT_BACKEND``: ``libretranslate`` or ``deepl`` (unset: no machine translation);
- ``PORTAL_MT_URL``: the service's address (LibreTranslate: required, e.g. a self-hosted
  ``http://127.0.0.1:5000``; DeepL: defaults to ``https://api-free.deepl.com``);
- ``PORTAL_MT_API_KEY``: the key, when the service asks for one (DeepL always does);
- ``PORTAL_MT_TIMEOUT``: seconds to wait for an answer (default 10);
- ``PORTAL_MT_USER_SUGGESTIONS`` / ``PORTAL_MT_SITE_SUGGESTIONS``: suggestions in the editor
  one person / everyone may ask for in an hour (60 / 600), and ``PORTAL_MT_USER_EXPORTS`` /
  ``PORTAL_MT_SITE_EXPORTS`` the machine-filled exports (3 / 10): the service is paid for
  by the operator, and every request goes to it (:func:`allowed`).

Machine text is only ever a suggestion: exports mark it "machine — needs review", and an
import leaves a segment that still carries the mark out of the draft.

The glossary (editorial.models.GlossaryTerm) is given to every backend as (source term,
agreed translation) pairs; DeepL uses it through its glossary API (one glossary per language
pair and set of entries, made once and reused while the entries stay the same).
LibreTranslate has no glossary API: it translates without the glossary.
"""

import abc
import hashlib
import json
import os
import urllib.error
import urllib.request
from urllib.parse import quote

from django.utils.translation import pgettext

from core import ratelimit

MACHINE_MARK = "machine — needs review"
BATCH = 50


class MachineTranslationError(Exception):
    """The service could not translate: the message says why, for an editor."""


class Backend(abc.ABC):
    """A machine translation service; each service says how it is asked (``_translate``)."""

    name = ""

    def __init__(self, url, api_key="", timeout=10.0):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, texts, source, target, glossary=None) -> list[str]:
        """The machine translation of each text, in order."""
        result = []
        for start in range(0, len(texts), BATCH):
            result += self._translate(texts[start:start + BATCH], source, target, glossary)
        return result

    @abc.abstractmethod
    def _translate(self, texts, source, target, glossary) -> list[str]:
        """One batch of texts, translated in order."""

    def _post(self, path, payload, headers=None):
        return self._request("POST", path, payload, headers)

    def _request(self, method, path, payload=None, headers=None):
        data = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method,
            headers={"Content-Type": "application/json", "Accept": "application/json",
                     **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read().decode("utf-8")
                return json.loads(body) if body.strip() else {}
        except urllib.error.HTTPError as error:
            if error.code == 429:
                raise MachineTranslationError(pgettext("translation workbench",
                    "The machine translation service is busy (too many requests). Try again "
                    "in a few minutes.")) from error
            if error.code in (401, 403):
                raise MachineTranslationError(pgettext("translation workbench",
                    "The machine translation service refused the key it was given.")) from error
            raise MachineTranslationError(pgettext("translation workbench",
                "The machine translation service failed (HTTP %(status)s).")
                % {"status": error.code}) from error
        except TimeoutError as error:
            raise MachineTranslationError(pgettext("translation workbench",
                "The machine translation service did not answer within %(seconds)s seconds.")
                % {"seconds": f"{self.timeout:g}"}) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise MachineTranslationError(pgettext("translation workbench",
                    "The machine translation service did not answer within %(seconds)s "
                    "seconds.") % {"seconds": f"{self.timeout:g}"}) from error
            raise MachineTranslationError(pgettext("translation workbench",
                "The machine translation service cannot be reached.")) from error
        except (ValueError, UnicodeDecodeError) as error:
            raise MachineTranslationError(pgettext("translation workbench",
                "The machine translation service gave an answer the portal cannot read."
            )) from error


class LibreTranslate(Backend):
    """LibreTranslate's ``POST /translate`` (open source, self-hostable). It has no glossary
    API, so the glossary is not sent."""

    name = "libretranslate"

    def _translate(self, texts, source, target, glossary):
        payload = {"q": list(texts), "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self._post("/translate", payload)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise MachineTranslationError(pgettext("translation workbench",
                "The machine translation service gave an answer the portal cannot read."))
        return [str(text) for text in translated]


# DeepL glossaries the portal made, by service address and name (the name holds a hash of the
# entries): found again without asking the service while the process lives.
_GLOSSARIES: dict = {}
GLOSSARY_PREFIX = "memorial-portal"


class DeepL(Backend):
    """DeepL's ``POST /v2/translate``, with the portal's glossary as a DeepL glossary."""

    name = "deepl"
    TARGETS = {"en": "EN-GB", "pt": "PT-PT"}

    @property
    def _auth(self):
        return {"Authorization": f"DeepL-Auth-Key {self.api_key}"}

    def translate(self, texts, source, target, glossary=None) -> list[str]:
        glossary_id = self.glossary_id(source, target, glossary) if texts else None
        result = []
        for start in range(0, len(texts), BATCH):
            result += self._translate(texts[start:start + BATCH], source, target, glossary_id)
        return result

    @staticmethod
    def glossary_entries(pairs) -> str:
        """The pairs as DeepL's TSV entries: one line per source term (the first wins), no
        tabs or line breaks inside a term, in a stable order."""
        seen, lines = set(), []
        for source, target in sorted(pairs or ()):
            source, target = (" ".join(str(term).split()) for term in (source, target))
            if source and target and source not in seen:
                seen.add(source)
                lines.append(f"{source}\t{target}")
        return "\n".join(lines)

    def glossary_id(self, source, target, pairs):
        """The id of the DeepL glossary holding ``pairs`` for the language pair: made once,
        found again by its name (which carries a hash of the entries) while they stay the
        same; the portal's older glossaries for the pair are deleted. None without terms."""
        entries = self.glossary_entries(pairs)
        if not entries:
            return None
        digest = hashlib.sha256(entries.encode("utf-8")).hexdigest()[:16]
        family = f"{GLOSSARY_PREFIX} {source}-{target} "
        name = family + digest
        if (self.url, name) in _GLOSSARIES:
            return _GLOSSARIES[(self.url, name)]
        listing = self._request("GET", "/v2/glossaries", headers=self._auth)
        found = None
        for item in (listing.get("glossaries") or []) if isinstance(listing, dict) else []:
            if not isinstance(item, dict) or not str(item.get("name", "")).startswith(family):
                continue
            if item.get("name") == name and found is None:
                found = item.get("glossary_id")
            else:  # the portal's glossary for older entries
                older = quote(str(item.get("glossary_id")), safe="")
                self._request("DELETE", f"/v2/glossaries/{older}", headers=self._auth)
        if found is None:
            made = self._post("/v2/glossaries", {
                "name": name, "source_lang": source.lower(), "target_lang": target.lower(),
                "entries": entries, "entries_format": "tsv"}, self._auth)
            found = made.get("glossary_id") if isinstance(made, dict) else None
            if not found:
                raise MachineTranslationError(pgettext("translation workbench",
                    "The machine translation service gave an answer the portal cannot read."))
        _GLOSSARIES[(self.url, name)] = found
        return found

    def _translate(self, texts, source, target, glossary_id):
        payload = {"text": list(texts), "source_lang": source.upper(),
                   "target_lang": self.TARGETS.get(target, target.upper())}
        if glossary_id:
            payload["glossary_id"] = glossary_id
        answer = self._post("/v2/translate", payload, self._auth)
        items = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(items, list) or len(items) != len(texts):
            raise MachineTranslationError(pgettext("translation workbench",
                "The machine translation service gave an answer the portal cannot read."))
        return [str(item.get("text", "")) for item in items]


BACKENDS = {LibreTranslate.name: LibreTranslate, DeepL.name: DeepL}


# kind: (person's variable, its default, everyone's variable, its default), per hour.
LIMITS = {
    "suggestion": ("PORTAL_MT_USER_SUGGESTIONS", 60, "PORTAL_MT_SITE_SUGGESTIONS", 600),
    "export": ("PORTAL_MT_USER_EXPORTS", 3, "PORTAL_MT_SITE_EXPORTS", 10),
}
LIMIT_WINDOW = 3600


def _limit(name, default) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def allowed(user, kind) -> str | None:
    """Count one request of ``kind`` ("suggestion", "export") by ``user`` against the hourly
    limits: None when it may go to the service, else why not, in the user's language."""
    person, person_default, everyone, everyone_default = LIMITS[kind]
    if not ratelimit.allow(f"mt:{kind}:user:{user.pk}", _limit(person, person_default),
                           LIMIT_WINDOW):
        return pgettext("translation workbench",
                        "You have asked for many machine translations in the last hour: "
                        "wait a while before asking again, or translate the text yourself.")
    if not ratelimit.allow(f"mt:{kind}:site", _limit(everyone, everyone_default),
                           LIMIT_WINDOW):
        return pgettext("translation workbench",
                        "The portal's machine translations for this hour are used up: try "
                        "again later, or translate the text yourself.")
    return None


def configured() -> Backend | None:
    """The backend the operator configured, or None (the default: no machine translation)."""
    name = os.environ.get("PORTAL_MT_BACKEND", "").strip().lower()
    if name not in BACKENDS:
        return None
    url = os.environ.get("PORTAL_MT_URL", "").strip()
    if name == DeepL.name:
        url = url or "https://api-free.deepl.com"
    if not url:
        return None
    try:
        timeout = float(os.environ.get("PORTAL_MT_TIMEOUT", "10"))
    except ValueError:
        timeout = 10.0
    return BACKENDS[name](url, os.environ.get("PORTAL_MT_API_KEY", ""), timeout)
