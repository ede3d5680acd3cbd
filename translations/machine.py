"""Machine translation as a suggestion, off by default.

No request leaves the portal unless an operator configured a backend (docs/configuration.md):
the Django setting ``PORTAL_MACHINE_TRANSLATION`` names the backend's class and its options,

    PORTAL_MACHINE_TRANSLATION = {
        "BACKEND": "translations.machine.DeepL",
        "OPTIONS": {"api_key": "…:fx"},
    }

and the class is loaded with :func:`django.utils.module_loading.import_string`, so a backend
of one's own is a class with ``translate()`` (a subclass of :class:`Backend`) named there.
Without the setting the environment decides, read when asked (:func:`from_environment`):

- ``PORTAL_MT_BACKEND``: ``libretranslate``, ``deepl`` or the dotted path of a backend class
  (unset: no machine translation);
- ``PORTAL_MT_URL``: the service's address (LibreTranslate: required, e.g. a self-hosted
  ``http://127.0.0.1:5000``; DeepL: unset, the ``deepl`` package picks the free or the paid
  endpoint by the key);
- ``PORTAL_MT_API_KEY``: the key, when the service asks for one (DeepL always does);
- ``PORTAL_MT_TIMEOUT``: seconds to wait for an answer (default 10);
- ``PORTAL_MT_USER_SUGGESTIONS`` / ``PORTAL_MT_SITE_SUGGESTIONS``: suggestions in the editor
  one person / everyone may ask for in an hour (60 / 600), and ``PORTAL_MT_USER_EXPORTS`` /
  ``PORTAL_MT_SITE_EXPORTS`` the machine-filled exports (3 / 10): the service is paid for
  by the operator, and every request goes to it (:func:`allowed`).

Machine text is only ever a suggestion: exports mark it "machine — needs review", and an
import leaves a segment that still carries the mark out of the draft.

The glossary (translations.models.GlossaryTerm) is given to every backend as (source term,
agreed translation) pairs; DeepL uses it through its glossary API (one glossary per language
pair and set of entries, made once and reused while the entries stay the same), for the
language pairs DeepL keeps glossaries for. LibreTranslate has no glossary API: it translates
without the glossary.

A backend may not translate every language pair (:meth:`Backend.unsupported`): the editor is
then told so instead of being offered a suggestion, and an export asked to be pre-filled says
so and sends nothing.
"""

import abc
import contextlib
import hashlib
import json
import os
import urllib.error
import urllib.request

import deepl
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import pgettext

from core import i18n, ratelimit

MACHINE_MARK = "machine — needs review"
BATCH = 50
# A language pair a service refused is remembered this long (seconds): the editor is told so
# instead of being offered a suggestion the service would refuse again.
UNSUPPORTED_FOR = 24 * 3600


class MachineTranslationError(Exception):
    """The service could not translate: the message says why, for an editor."""


def _unreadable():
    return MachineTranslationError(pgettext("translation workbench",
        "The machine translation service gave an answer the portal cannot read."))


def _busy():
    return MachineTranslationError(pgettext("translation workbench",
        "The machine translation service is busy (too many requests). Try again in a few "
        "minutes."))


def _refused_key():
    return MachineTranslationError(pgettext("translation workbench",
        "The machine translation service refused the key it was given."))


def _failed(status):
    return MachineTranslationError(pgettext("translation workbench",
        "The machine translation service failed (HTTP %(status)s).") % {"status": status})


def _unreachable():
    return MachineTranslationError(pgettext("translation workbench",
        "The machine translation service cannot be reached."))


class Backend(abc.ABC):
    """A machine translation service, named with its options in the setting
    ``PORTAL_MACHINE_TRANSLATION`` (or the environment): ``translate()`` is what the portal
    asks of it, ``unsupported()`` what it may tell an editor before asking."""

    name = ""

    def __init__(self, timeout=10.0):
        self.timeout = float(timeout)

    @property
    def identity(self) -> str:
        """What tells this service apart from another of the same kind (its address)."""
        return ""

    @abc.abstractmethod
    def translate(self, texts, source, target, glossary=None) -> list[str]:
        """The machine translation of each text, in order; ``glossary`` is a list of (source
        term, agreed translation) pairs the backend may use."""

    def _timed_out(self):
        return MachineTranslationError(pgettext("translation workbench",
            "The machine translation service did not answer within %(seconds)s seconds.")
            % {"seconds": f"{self.timeout:g}"})

    def _pair_key(self, source, target):
        place = hashlib.sha256(f"{self.name} {self.identity}".encode()).hexdigest()[:16]
        return f"mt:unsupported:{place}:{source}-{target}"

    def unsupported(self, source, target) -> str | None:
        """Why the service does not translate from ``source`` into ``target`` (it refused the
        pair lately), in the user's language; None when it may be asked."""
        if not cache.get(self._pair_key(source, target)):
            return None
        return pgettext("translation workbench",
            "The machine translation service does not translate from %(source)s into "
            "%(target)s: translate this text yourself.") % {
                "source": i18n.NATIVE_NAMES.get(source, source),
                "target": i18n.NATIVE_NAMES.get(target, target)}

    def refused_pair(self, source, target) -> MachineTranslationError:
        """Remember that the service refused the pair; the error to tell the editor."""
        cache.set(self._pair_key(source, target), True, UNSUPPORTED_FOR)
        return MachineTranslationError(self.unsupported(source, target))


class LibreTranslate(Backend):
    """LibreTranslate's ``POST /translate`` (open source, self-hostable), a small client of
    its own. It has no glossary API, so the glossary is not sent.

    Options: ``url`` (required), ``api_key`` (when the server asks for one), ``timeout``."""

    name = "libretranslate"

    def __init__(self, url, api_key="", timeout=10.0):
        if not url:
            raise ImproperlyConfigured("LibreTranslate needs the server's address (url).")
        super().__init__(timeout)
        self.url = url.rstrip("/")
        self.api_key = api_key

    @property
    def identity(self) -> str:
        return self.url

    def translate(self, texts, source, target, glossary=None) -> list[str]:
        refused = self.unsupported(source, target)
        if refused:
            raise MachineTranslationError(refused)
        result = []
        for start in range(0, len(texts), BATCH):
            result += self._translate(texts[start:start + BATCH], source, target)
        return result

    def _translate(self, texts, source, target):
        payload = {"q": list(texts), "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self._post("/translate", payload, source, target)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise _unreadable()
        return [str(text) for text in translated]

    def _post(self, path, payload, source, target):
        request = urllib.request.Request(
            self.url + path, data=json.dumps(payload).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read().decode("utf-8")
                return json.loads(body) if body.strip() else {}
        except urllib.error.HTTPError as error:
            if error.code == 429:
                raise _busy() from error
            if error.code in (401, 403):
                raise _refused_key() from error
            if error.code == 400 and self._says_unsupported(error):
                raise self.refused_pair(source, target) from error
            raise _failed(error.code) from error
        except TimeoutError as error:
            raise self._timed_out() from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise self._timed_out() from error
            raise _unreachable() from error
        except (ValueError, UnicodeDecodeError) as error:
            raise _unreadable() from error

    @staticmethod
    def _says_unsupported(error) -> bool:
        """LibreTranslate answers 400 "<code> is not supported" for a language it lacks."""
        try:
            message = str(json.loads(error.read().decode("utf-8")).get("error", ""))
        except (ValueError, UnicodeDecodeError, AttributeError):
            return False
        return "not supported" in message


# DeepL glossaries the portal made, by service address and name (the name holds a digest of
# the entries), and the language pairs the service keeps glossaries for, by address: found
# again without asking the service while the process lives.
_GLOSSARIES: dict = {}
_GLOSSARY_PAIRS: dict = {}
GLOSSARY_PREFIX = "memorial-portal"


class DeepL(Backend):
    """DeepL through its official client, the ``deepl`` package.

    Options: ``api_key`` (required; a key ending in ``:fx`` is a free account's, and the
    package then calls ``https://api-free.deepl.com``, else ``https://api.deepl.com``),
    ``server_url`` (another address, e.g. a regional endpoint), ``glossary`` (True:
    the portal's glossary goes to DeepL as a DeepL glossary, for the language pairs DeepL
    keeps glossaries for)."""

    name = "deepl"
    TARGETS = {"en": "EN-GB", "pt": "PT-PT", "zh": "ZH-HANS"}

    def __init__(self, api_key, server_url=None, glossary=True):
        if not api_key:
            raise ImproperlyConfigured("DeepL needs an API key (api_key).")
        # The package's own timeout and retries (deepl.http_client): the portal leaves them
        # as DeepL set them (tests/test_architecture.py: nothing assigned into a package).
        super().__init__(deepl.http_client.min_connection_timeout)
        self.use_glossary = bool(glossary)
        self.client = deepl.DeepLClient(api_key, server_url=server_url or None,
                                        send_platform_info=False)

    @property
    def identity(self) -> str:
        return self.client.server_url

    @staticmethod
    def source_code(language) -> str:
        return language.split("-")[0].upper()

    def target_code(self, language) -> str:
        return self.TARGETS.get(language, language.upper())

    @contextlib.contextmanager
    def _asking(self, source, target):
        """The package's errors, after its own retries, as messages for an editor."""
        try:
            yield
        except deepl.QuotaExceededException as error:
            raise MachineTranslationError(pgettext("translation workbench",
                "The machine translation service's quota for this billing period is used "
                "up.")) from error
        except deepl.TooManyRequestsException as error:
            raise _busy() from error
        except deepl.AuthorizationException as error:
            raise _refused_key() from error
        except deepl.ConnectionException as error:
            if isinstance(error.__cause__, requests.exceptions.Timeout):
                raise self._timed_out() from error
            raise _unreachable() from error
        except deepl.DeepLException as error:
            status = error.http_status_code
            if status == 401:
                raise _refused_key() from error
            if status == 400 and "not supported" in str(error) and "_lang" in str(error):
                # "Value for 'source_lang' not supported." (or 'target_lang')
                raise self.refused_pair(source, target) from error
            raise (_failed(status) if status else _unreadable()) from error
        except (KeyError, TypeError, ValueError) as error:  # an answer without its fields
            raise _unreadable() from error

    def translate(self, texts, source, target, glossary=None) -> list[str]:
        refused = self.unsupported(source, target)
        if refused:
            raise MachineTranslationError(refused)
        if not texts:
            return []
        result = []
        with self._asking(source, target):
            glossary_id = self.glossary_id(source, target, glossary)
            for start in range(0, len(texts), BATCH):
                batch = list(texts[start:start + BATCH])
                answers = self.client.translate_text(
                    batch, source_lang=self.source_code(source),
                    target_lang=self.target_code(target), glossary=glossary_id)
                if len(answers) != len(batch):
                    raise _unreadable()
                result += [answer.text for answer in answers]
        return result

    @staticmethod
    def glossary_entries(pairs) -> dict[str, str]:
        """The pairs as DeepL's entries: one per source term (the first wins), no tabs or line
        breaks inside a term, in a stable order."""
        entries = {}
        for source, target in sorted(pairs or ()):
            source, target = (" ".join(str(term).split()) for term in (source, target))
            if source and target and source not in entries:
                entries[source] = target
        return entries

    def keeps_glossaries(self, source, target) -> bool:
        """Whether DeepL keeps glossaries for the pair (``/v2/glossary-language-pairs``,
        asked once per process)."""
        pairs = _GLOSSARY_PAIRS.get(self.identity)
        if pairs is None:
            pairs = {(pair.source_lang.upper(), pair.target_lang.upper())
                     for pair in self.client.get_glossary_languages()}
            _GLOSSARY_PAIRS[self.identity] = pairs
        return (self.source_code(source), self.source_code(target)) in pairs

    def glossary_id(self, source, target, pairs):
        """The id of the DeepL glossary holding ``pairs`` for the language pair: made once,
        found again by its name (which carries a digest of the entries) while they stay the
        same; the portal's older glossaries for the pair are deleted. None without terms, or
        when DeepL keeps no glossaries for the pair (the text is translated without)."""
        entries = self.glossary_entries(pairs) if self.use_glossary else {}
        if not entries or not self.keeps_glossaries(source, target):
            return None
        tsv = deepl.convert_dict_to_tsv(entries)
        digest = hashlib.sha256(tsv.encode("utf-8")).hexdigest()[:16]
        family = f"{GLOSSARY_PREFIX} {source}-{target} "
        name = family + digest
        if (self.identity, name) in _GLOSSARIES:
            return _GLOSSARIES[(self.identity, name)]
        found = None
        for item in self.client.list_glossaries():
            if not item.name.startswith(family):
                continue
            if item.name == name and found is None:
                found = item.glossary_id
            else:  # the portal's glossary for older entries
                self.client.delete_glossary(item.glossary_id)
        if found is None:
            found = self.client.create_glossary(name, self.source_code(source),
                                                self.source_code(target), entries).glossary_id
        _GLOSSARIES[(self.identity, name)] = found
        return found


# -- which backend ------------------------------------------------------------------------
# The names PORTAL_MT_BACKEND accepts besides a dotted path.
NAMES = {LibreTranslate.name: "translations.machine.LibreTranslate",
         DeepL.name: "translations.machine.DeepL"}


def from_environment() -> dict | None:
    """``PORTAL_MACHINE_TRANSLATION`` as the ``PORTAL_MT_*`` variables say, read when asked;
    None when they name no backend (the default)."""
    name = os.environ.get("PORTAL_MT_BACKEND", "").strip()
    path = NAMES.get(name.lower()) or (name if "." in name else "")
    if not path:
        return None
    url = os.environ.get("PORTAL_MT_URL", "").strip()
    api_key = os.environ.get("PORTAL_MT_API_KEY", "")
    try:
        timeout = float(os.environ.get("PORTAL_MT_TIMEOUT", "10"))
    except ValueError:
        timeout = 10.0
    if path == NAMES[DeepL.name]:
        if not api_key:
            return None  # DeepL answers nothing without a key
        options = {"api_key": api_key, "server_url": url or None}  # the package's timeout
    elif path == NAMES[LibreTranslate.name] and not url:
        return None
    else:
        options = {"url": url, "api_key": api_key, "timeout": timeout}
    return {"BACKEND": path, "OPTIONS": options}


def configured() -> Backend | None:
    """The backend the operator configured, or None (the default: no machine translation).
    The setting ``PORTAL_MACHINE_TRANSLATION`` (``{"BACKEND": dotted path, "OPTIONS":
    {…}}``) decides; when it is None, the environment (:func:`from_environment`)."""
    config = getattr(settings, "PORTAL_MACHINE_TRANSLATION", None)
    if config is None:
        config = from_environment()
    if not config or not config.get("BACKEND"):
        return None
    try:
        backend = import_string(config["BACKEND"])
    except ImportError as error:
        raise ImproperlyConfigured(
            f"PORTAL_MACHINE_TRANSLATION names {config['BACKEND']!r}, which cannot be "
            f"imported: {error}") from error
    return backend(**(config.get("OPTIONS") or {}))


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


