"""Machine translation as a suggestion, off by default.

No request leaves the portal unless an operator configured a backend in the environment
(docs/configuration.md):

- ``PORTAL_MT_BACKEND``: ``libretranslate`` or ``deepl`` (unset: no machine translation);
- ``PORTAL_MT_URL``: the service's address (LibreTranslate: required, e.g. a self-hosted
  ``http://127.0.0.1:5000``; DeepL: defaults to ``https://api-free.deepl.com``);
- ``PORTAL_MT_API_KEY``: the key, when the service asks for one (DeepL always does);
- ``PORTAL_MT_TIMEOUT``: seconds to wait for an answer (default 10).

Machine text is only ever a suggestion: exports mark it "machine — needs review", and an
import leaves a segment that still carries the mark out of the draft.
"""

import abc
import json
import os
import urllib.error
import urllib.request

from django.utils.translation import gettext as _

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
        request = urllib.request.Request(
            self.url + path, data=json.dumps(payload).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json",
                     **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code == 429:
                raise MachineTranslationError(_(
                    "The machine translation service is busy (too many requests). Try again "
                    "in a few minutes.")) from error
            if error.code in (401, 403):
                raise MachineTranslationError(_(
                    "The machine translation service refused the key it was given.")) from error
            raise MachineTranslationError(_(
                "The machine translation service failed (HTTP %(status)s).")
                % {"status": error.code}) from error
        except TimeoutError as error:
            raise MachineTranslationError(_(
                "The machine translation service did not answer within %(seconds)s seconds.")
                % {"seconds": f"{self.timeout:g}"}) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise MachineTranslationError(_(
                    "The machine translation service did not answer within %(seconds)s "
                    "seconds.") % {"seconds": f"{self.timeout:g}"}) from error
            raise MachineTranslationError(_(
                "The machine translation service cannot be reached.")) from error
        except (ValueError, UnicodeDecodeError) as error:
            raise MachineTranslationError(_(
                "The machine translation service gave an answer the portal cannot read."
            )) from error


class LibreTranslate(Backend):
    """LibreTranslate's ``POST /translate`` (open source, self-hostable)."""

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
            raise MachineTranslationError(_(
                "The machine translation service gave an answer the portal cannot read."))
        return [str(text) for text in translated]


class DeepL(Backend):
    """DeepL's ``POST /v2/translate``."""

    name = "deepl"
    TARGETS = {"en": "EN-GB", "pt": "PT-PT"}

    def _translate(self, texts, source, target, glossary):
        payload = {"text": list(texts), "source_lang": source.upper(),
                   "target_lang": self.TARGETS.get(target, target.upper())}
        answer = self._post("/v2/translate", payload,
                            {"Authorization": f"DeepL-Auth-Key {self.api_key}"})
        items = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(items, list) or len(items) != len(texts):
            raise MachineTranslationError(_(
                "The machine translation service gave an answer the portal cannot read."))
        return [str(item.get("text", "")) for item in items]


BACKENDS = {LibreTranslate.name: LibreTranslate, DeepL.name: DeepL}


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
