"""Machine translation as a suggestion, off by default, against a local server that speaks
LibreTranslate's API; and the glossary in every export."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import polib
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from translate.storage import xliff
from wagtail.models import Revision

from editorial.setup import TRANSLATORS
from pages.models import StandardPage
from tests.conftest import ANSWERING_TIMEOUT
from tests.test_exchange import block_page
from tests.test_exchange_admin import in_english
from translations import machine
from translations import state as ts
from translations.exchange import formats, service
from translations.models import GlossaryTerm


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the admin speaks each user's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


class LibreTranslate(BaseHTTPRequestHandler):
    """``POST /translate`` as LibreTranslate answers it; ``mode`` ("429", "500") makes it
    fail, ``fall_silent()`` (set by the fixture) makes it stop answering."""

    mode = "ok"
    requests: list = []

    def do_POST(self):  # noqa: N802 - the HTTP method's name
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(payload)
        if self.mode in ("429", "500"):
            self.send_response(int(self.mode))
            self.end_headers()
            self.wfile.write(b'{"error": "no"}')
            return
        if self.mode == "unsupported":  # a server without the source language's model
            self.send_response(400)
            self.end_headers()
            self.wfile.write(json.dumps({"error": f"{payload['source']} is not supported"})
                             .encode("utf-8"))
            return
        texts = payload["q"] if isinstance(payload["q"], list) else [payload["q"]]
        body = json.dumps({"translatedText": [f"[{payload['target']}] {t}" for t in texts]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))

    def log_message(self, *args):
        pass


@pytest.fixture
def libretranslate(monkeypatch, silent_server):
    LibreTranslate.mode, LibreTranslate.requests = "ok", []
    server = ThreadingHTTPServer(("127.0.0.1", 0), LibreTranslate)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("PORTAL_MT_BACKEND", "libretranslate")
    monkeypatch.setenv("PORTAL_MT_URL", f"http://127.0.0.1:{server.server_address[1]}")
    # The service answers: no timeout is ever reached, however busy the machine is.
    monkeypatch.setenv("PORTAL_MT_TIMEOUT", str(ANSWERING_TIMEOUT))

    def fall_silent():
        """From now on the service never answers (a loopback server that reads nothing):
        the portal gives up after its timeout, made short here."""
        monkeypatch.setenv("PORTAL_MT_URL", silent_server)
        monkeypatch.setenv("PORTAL_MT_TIMEOUT", "0.5")

    LibreTranslate.fall_silent = fall_silent
    yield LibreTranslate
    server.shutdown()
    server.server_close()


@pytest.fixture
def russian(django_user_model):
    user = django_user_model.objects.create_user("anna", "anna@example.org", "pw")
    user.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    in_english(user)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_no_machine_translation_unless_configured(monkeypatch, russian):
    LibreTranslate.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), LibreTranslate)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.delenv("PORTAL_MT_BACKEND", raising=False)
        monkeypatch.setenv("PORTAL_MT_URL", f"http://127.0.0.1:{server.server_address[1]}")
        assert machine.configured() is None
        page = block_page("quote", ru_copy=False)
        form = russian.get(reverse("translation_export"), {"scope": "page", "page": page.pk})
        assert 'name="machine"' not in form.content.decode()
        response = russian.get(reverse("translation_export"), {
            "download": "1", "language": "ru", "format": "po", "scope": "page",
            "page": page.pk, "machine": "on"})
        assert response.status_code == 200 and "[ru]" not in response.content.decode()
        assert LibreTranslate.requests == []
    finally:
        server.shutdown()
        server.server_close()


def test_missing_segments_are_prefilled_and_marked_in_xliff(libretranslate):
    page = block_page("paragraph", ru_copy=False)
    data = service.export([page], "ru", formats.XLIFF, machine=machine.configured())
    assert libretranslate.requests and libretranslate.requests[0]["target"] == "ru"
    store = xliff.xlifffile.parsestring(data)
    suggested = [u for u in store.units if u.target.startswith("[ru] ")]
    assert suggested
    for unit in suggested:
        target = next(c for c in unit.xmlelement if c.tag.endswith("target"))
        assert target.get("state") == "needs-review-translation"
        assert target.get("state-qualifier") == "mt-suggestion"
        assert machine.MACHINE_MARK in unit.getnotes()
    # Placeholders survive the machine: the link and emphasis are still there.
    paragraph = next(u for u in formats.read(data).units if u.source.startswith("Bu gecə"))
    assert paragraph.target.startswith("[ru] Bu gecə {1}613 nəfər{/1}") and paragraph.machine


def test_an_unreviewed_machine_suggestion_is_not_imported_a_reviewed_one_is(libretranslate,
                                                                             russian):
    page = block_page("quote", ru_copy=False)
    data = service.export([page], "ru", formats.XLIFF, machine=machine.configured())
    result = service.plan(data, user=russian.user)
    assert result.changes == [] and result.machine_skipped
    revisions = Revision.objects.count()
    service.apply(result, user=russian.user)
    assert Revision.objects.count() == revisions  # nothing to write
    store = xliff.xlifffile.parsestring(data)
    reviewed = next(u for u in store.units if u.source == "Sitat mətni")
    reviewed.set_state_n(reviewed.S_TRANSLATED)  # the translator confirms it in their tool
    result = service.plan(bytes(store), user=russian.user)
    assert [change.after for change in result.changes] == ["[ru] Sitat mətni"]
    service.apply(result, user=russian.user)
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    states = {s.key: s.state for s in ts.states(draft) if s.language == "ru"}
    quote = [key for key in states if key in ("body", "body.b1")]  # whole or by block
    assert "[ru] Sitat mətni" in str(draft.body_ru)
    assert "[ru] Şahid" not in str(draft.body_ru)  # the unreviewed attribution stayed out
    assert quote and all(states[key] == ts.TRANSLATED for key in quote)


def test_machine_suggestions_in_po_are_fuzzy_and_left_out_until_reviewed(libretranslate,
                                                                         russian):
    page = block_page("heading", ru_copy=False)
    data = service.export([page], "ru", formats.PO, machine=machine.configured())
    catalogue = polib.pofile(data.decode("utf-8"))
    entry = next(e for e in catalogue if e.msgid == "Başlıq mətni")
    assert entry.msgstr == "[ru] Başlıq mətni" and "fuzzy" in entry.flags
    assert machine.MACHINE_MARK in entry.comment
    assert service.plan(data, user=russian.user).changes == []
    entry.flags.remove("fuzzy")
    result = service.plan(str(catalogue).encode("utf-8"), user=russian.user)
    assert [change.after for change in result.changes] == ["[ru] Başlıq mətni"]


def fail(service, mode):
    """The machine service fails as ``mode`` says: "silent" never answers, "429" and "500"
    answer with that status."""
    if mode == "silent":
        service.fall_silent()
    else:
        service.mode = mode


FAILURES = [
    ("silent", "did not answer within 0.5 seconds"),
    ("429", "too many requests"),
    ("500", "failed (HTTP 500)"),
]


@pytest.mark.parametrize("mode,message", FAILURES)
def test_a_failing_service_gets_a_message_and_nothing_is_lost(libretranslate, russian, mode,
                                                             message):
    fail(libretranslate, mode)
    page = block_page("quote", ru_copy=False)
    with pytest.raises(machine.MachineTranslationError, match=message.split("(")[0]):
        service.export([page], "ru", formats.PO, machine=machine.configured())
    response = russian.get(reverse("translation_export"), {
        "download": "1", "language": "ru", "format": "po", "scope": "page", "page": page.pk,
        "machine": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'name="machine"' in html and "checked" in html  # the form as it was
    # Without suggestions the export still works.
    response = russian.get(reverse("translation_export"), {
        "download": "1", "language": "ru", "format": "po", "scope": "page", "page": page.pk})
    assert response.status_code == 200 and b"Sitat m" in response.content


# -- the glossary -------------------------------------------------------------------------
def test_glossary_terms_are_notes_on_the_segments_that_use_them(db):
    GlossaryTerm.objects.create(term_az="Sitat", term_en="Quotation", term_ru="Цитата",
                                note="Not 'выдержка'.")
    GlossaryTerm.objects.create(term_az="soyqırımı", term_en="massacre", term_ru="трагедия")
    page = block_page("quote", ru_copy=False)
    catalogue = polib.pofile(service.export([page], "ru", formats.PO).decode("utf-8"))
    quote = next(e for e in catalogue if e.msgid == "Sitat mətni")
    assert "Glossary: Sitat → Цитата (Not 'выдержка'.)" in quote.comment
    title = next(e for e in catalogue if e.msgid == "Blok")
    assert "Glossary" not in title.comment
    assert "Glossary: soyqırımı → трагедия" in catalogue.header  # the whole list on top
    data = service.export([page], "ru", formats.XLIFF).decode("utf-8")
    assert "Glossary: Sitat → Цитата" in data
    assert data.count("Glossary: soyqırımı → трагедия") == 1  # header only
    english = service.export([page], "en", formats.PO).decode("utf-8")
    assert "Glossary: soyqırımı → massacre" in english


def test_editors_keep_the_glossary_in_the_admin(editor):
    GlossaryTerm.objects.create(term_az="Xocalı", term_en="Khojaly", term_ru="Ходжалы")
    response = editor.get(reverse("wagtailsnippets_translations_glossaryterm:list"))
    assert response.status_code == 200 and "Khojaly" in response.content.decode()
    response = editor.post(reverse("wagtailsnippets_translations_glossaryterm:add"), {
        "term_az": "soyqırımı", "term_en": "massacre", "term_ru": "трагедия", "note": ""})
    assert response.status_code == 302
    assert GlossaryTerm.objects.filter(term_az="soyqırımı").exists()


# -- DeepL, through the official deepl package ---------------------------------------------
class DeepLService(BaseHTTPRequestHandler):
    """The DeepL API endpoints the ``deepl`` package calls, kept in memory: ``POST
    /v2/translate``, ``GET /v2/glossary-language-pairs`` and ``/v2/glossaries`` (list, create,
    delete). Its languages are DeepL's as its documentation listed them in 2026: Azerbaijani
    is translated (text only), but DeepL keeps no glossaries for it (``glossary_pairs``).
    A translation applies the glossary it names, term by term, as DeepL would; ``mode``
    ("429", "500") makes it fail."""

    sources = {"AZ", "EN", "RU", "DE"}
    targets = {"AZ", "EN-GB", "EN-US", "RU", "DE"}
    glossary_pairs = {(a, b) for a in ("EN", "RU", "DE") for b in ("EN", "RU", "DE") if a != b}
    mode = "ok"
    glossaries: dict = {}
    requests: list = []

    def _answer(self, status, payload=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        if payload is not None:
            self.wfile.write(json.dumps(payload).encode("utf-8"))

    def _log(self):
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length)) if length else None
        type(self).requests.append((self.command, self.path, payload))
        assert self.headers["Authorization"] == "DeepL-Auth-Key secret"
        return payload

    def do_GET(self):  # noqa: N802 - the HTTP method's name
        self._log()
        if self.path == "/v2/glossary-language-pairs":
            self._answer(200, {"supported_languages": [
                {"source_lang": a.lower(), "target_lang": b.lower()}
                for a, b in sorted(self.glossary_pairs)]})
            return
        listing = [{k: v for k, v in item.items() if k != "entries"}
                   for item in self.glossaries.values()]
        self._answer(200, {"glossaries": listing})

    def do_DELETE(self):  # noqa: N802
        self._log()
        ident = self.path.rsplit("/", 1)[-1]
        self._answer(204 if self.glossaries.pop(ident, None) else 404)

    def do_POST(self):  # noqa: N802
        payload = self._log()
        if self.path == "/v2/glossaries":
            pair = (payload["source_lang"].upper(), payload["target_lang"].upper())
            if pair not in self.glossary_pairs:
                self._answer(400, {"message": "Unsupported glossary language pair"})
                return
            ident = f"g{len(self.requests)}"
            self.glossaries[ident] = {
                "glossary_id": ident, "name": payload["name"], "ready": True,
                "source_lang": payload["source_lang"].lower(),
                "target_lang": payload["target_lang"].lower(),
                "creation_time": "2026-12-06T08:00:00.123456Z",
                "entry_count": len(payload["entries"].splitlines()),
                "entries": dict(line.split("\t") for line in payload["entries"].splitlines())}
            self._answer(201, {k: v for k, v in self.glossaries[ident].items()
                               if k != "entries"})
            return
        if self.mode in ("429", "500"):
            self._answer(int(self.mode), {"message": "no"})
            return
        for field, known in (("source_lang", self.sources), ("target_lang", self.targets)):
            if payload.get(field) not in known:
                self._answer(400, {"message": f"Value for '{field}' not supported."})
                return
        terms = {}
        if payload.get("glossary_id"):
            glossary = self.glossaries[payload["glossary_id"]]
            assert glossary["source_lang"] == payload["source_lang"].lower()
            terms = glossary["entries"]
        translations = []
        for text in payload["text"]:
            for source, target in terms.items():
                text = text.replace(source, target)
            translations.append({"detected_source_language": payload["source_lang"],
                                 "text": f"[{payload['target_lang']}] {text}",
                                 "billed_characters": len(text)})
        self._answer(200, {"translations": translations})

    def log_message(self, *args):
        pass


def deepl_settings(url, **options):
    return {"BACKEND": "translations.machine.DeepL",
            "OPTIONS": {"api_key": "secret", "server_url": url, **options}}


@pytest.fixture
def deepl(settings):
    DeepLService.glossaries, DeepLService.requests = {}, []
    DeepLService.mode = "ok"
    DeepLService.sources = {"AZ", "EN", "RU", "DE"}
    DeepLService.glossary_pairs = {(a, b) for a in ("EN", "RU", "DE")
                                   for b in ("EN", "RU", "DE") if a != b}
    server = ThreadingHTTPServer(("127.0.0.1", 0), DeepLService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # The service answers: no timeout is ever reached, however busy the machine is.
    settings.PORTAL_MACHINE_TRANSLATION = deepl_settings(
        f"http://127.0.0.1:{server.server_address[1]}")
    yield DeepLService
    server.shutdown()
    server.server_close()


def translations(fake):
    return [payload for method, path, payload in fake.requests if path == "/v2/translate"]


def glossary_calls(fake):
    return [(method, path) for method, path, _payload in fake.requests
            if path.startswith("/v2/glossaries")]


def test_the_backend_is_the_class_the_setting_names(settings, db):
    settings.PORTAL_MACHINE_TRANSLATION = {
        "BACKEND": "translations.machine.LibreTranslate",
        "OPTIONS": {"url": "http://127.0.0.1:5000/", "timeout": 3}}
    backend = machine.configured()
    assert type(backend) is machine.LibreTranslate
    assert (backend.url, backend.timeout) == ("http://127.0.0.1:5000", 3.0)
    settings.PORTAL_MACHINE_TRANSLATION = {"BACKEND": "translations.machine.NoSuchService"}
    with pytest.raises(ImproperlyConfigured, match="NoSuchService"):
        machine.configured()
    settings.PORTAL_MACHINE_TRANSLATION = {}  # set, and empty: none, whatever the environment
    assert machine.configured() is None


def test_deepl_picks_the_free_or_the_paid_endpoint_by_the_key(settings, monkeypatch):
    settings.PORTAL_MACHINE_TRANSLATION = {"BACKEND": "translations.machine.DeepL",
                                           "OPTIONS": {"api_key": "a-free-key:fx"}}
    assert machine.configured().identity == "https://api-free.deepl.com"
    settings.PORTAL_MACHINE_TRANSLATION["OPTIONS"]["api_key"] = "a-paid-key"
    assert machine.configured().identity == "https://api.deepl.com"
    # The environment, as before the setting: the same backend.
    settings.PORTAL_MACHINE_TRANSLATION = None
    monkeypatch.setenv("PORTAL_MT_BACKEND", "deepl")
    monkeypatch.setenv("PORTAL_MT_API_KEY", "a-free-key:fx")
    monkeypatch.delenv("PORTAL_MT_URL", raising=False)
    assert machine.configured().identity == "https://api-free.deepl.com"
    monkeypatch.delenv("PORTAL_MT_API_KEY")
    assert machine.configured() is None  # DeepL answers nothing without a key


def test_deepl_is_asked_in_its_own_language_codes(deepl):
    assert machine.configured().translate(["Salam"], "az", "en") == ["[EN-GB] Salam"]
    assert machine.configured().translate(["Salam"], "az", "ru") == ["[RU] Salam"]
    sent = translations(deepl)
    assert [(p["source_lang"], p["target_lang"]) for p in sent] == [
        ("AZ", "EN-GB"), ("AZ", "RU")]
    assert sent[0]["text"] == ["Salam"]


def test_deepl_keeps_no_glossary_for_azerbaijani_the_text_is_translated_without(deepl):
    from translations.models import GlossaryTerm

    GlossaryTerm.objects.create(term_az="Xocalı", term_en="Khojaly", term_ru="Ходжалы")
    answer = machine.configured().translate(["Xocalı"], "az", "ru",
                                            glossary=GlossaryTerm.pairs("ru"))
    assert answer == ["[RU] Xocalı"]
    assert glossary_calls(deepl) == []  # asked which pairs it keeps, nothing made
    assert "glossary_id" not in translations(deepl)[-1]


def test_deepl_is_given_the_glossary_once_and_reuses_it(deepl, monkeypatch):
    from translations.models import GlossaryTerm

    deepl.glossary_pairs.add(("AZ", "RU"))  # as if DeepL kept glossaries for Azerbaijani
    GlossaryTerm.objects.create(term_az="soyqırımı", term_en="massacre", term_ru="трагедия")
    GlossaryTerm.objects.create(term_az="Xocalı", term_en="Khojaly", term_ru="Ходжалы")
    backend = machine.configured()
    answer = backend.translate(["Xocalı soyqırımı"], "az", "ru", glossary=GlossaryTerm.pairs("ru"))
    assert answer == ["[RU] Ходжалы трагедия"]
    made = [payload for method, path, payload in deepl.requests
            if (method, path) == ("POST", "/v2/glossaries")]
    assert len(made) == 1
    assert made[0]["entries"] == "Xocalı\tХоджалы\nsoyqırımı\tтрагедия"
    assert (made[0]["source_lang"], made[0]["target_lang"]) == ("AZ", "RU")
    assert translations(deepl)[-1]["glossary_id"] in deepl.glossaries

    # The same terms: the same glossary, not asked for again.
    calls = len(glossary_calls(deepl))
    assert machine.configured().translate(["soyqırımı"], "az", "ru",
                                          glossary=GlossaryTerm.pairs("ru")) == ["[RU] трагедия"]
    assert len(glossary_calls(deepl)) == calls
    # Another process finds it by its name: listed, not made again.
    monkeypatch.setattr(machine, "_GLOSSARIES", {})
    machine.configured().translate(["soyqırımı"], "az", "ru", glossary=GlossaryTerm.pairs("ru"))
    assert glossary_calls(deepl)[calls:] == [("GET", "/v2/glossaries")]
    assert len(deepl.glossaries) == 1

    # An editor changes a term: a new glossary for the new entries, the old one deleted.
    first = translations(deepl)[-1]["glossary_id"]
    GlossaryTerm.objects.filter(term_az="soyqırımı").update(term_ru="геноцид")
    assert machine.configured().translate(["soyqırımı"], "az", "ru",
                                          glossary=GlossaryTerm.pairs("ru")) == ["[RU] геноцид"]
    assert len(deepl.glossaries) == 1
    assert list(deepl.glossaries.values())[0]["entries"]["soyqırımı"] == "геноцид"
    assert ("DELETE", f"/v2/glossaries/{first}") in glossary_calls(deepl)


def test_deepl_without_terms_gets_no_glossary(deepl):
    assert machine.configured().translate(["Salam"], "az", "en", glossary=[]) == ["[EN-GB] Salam"]
    assert glossary_calls(deepl) == []
    assert "glossary_id" not in translations(deepl)[-1]


def test_an_export_prefilled_by_deepl_uses_the_glossary(deepl):
    deepl.glossary_pairs.add(("AZ", "RU"))
    GlossaryTerm.objects.create(term_az="Sitat", term_en="Quotation", term_ru="Цитата")
    page = block_page("quote", ru_copy=False)
    data = service.export([page], "ru", formats.PO, machine=machine.configured())
    catalogue = polib.pofile(data.decode("utf-8"))
    quote = next(e for e in catalogue if e.msgid == "Sitat mətni")
    assert quote.msgstr == "[RU] Цитата mətni" and "fuzzy" in quote.flags


# DeepL's package asks again after a 429 or a 5xx (its own backoff, about 16 s in all) and
# waits at least 10 s for an answer: the portal leaves its settings as they are.
DEEPL_FAILURES = [failure for failure in FAILURES if failure[0] != "silent"]


@pytest.mark.parametrize("mode,message", DEEPL_FAILURES)
def test_a_failing_deepl_gets_a_message_and_nothing_is_lost(deepl, russian, mode, message):
    fail(deepl, mode)
    page = block_page("quote", ru_copy=False)
    with pytest.raises(machine.MachineTranslationError, match=message.split("(")[0]):
        service.export([page], "ru", formats.PO, machine=machine.configured())
    response = russian.get(reverse("translation_export"), {
        "download": "1", "language": "ru", "format": "po", "scope": "page", "page": page.pk,
        "machine": "on"})
    assert response.status_code == 200 and message in response.content.decode()


def test_a_language_deepl_does_not_translate_is_said_not_asked_again(deepl, russian):
    deepl.sources = {"EN", "RU", "DE"}  # a DeepL that does not translate from Azerbaijani
    page = block_page("quote", ru_copy=False)
    response = russian.get(reverse("translation_export"), {
        "download": "1", "language": "ru", "format": "po", "scope": "page", "page": page.pk,
        "machine": "on"})
    said = "does not translate from Azərbaycanca into Русский"
    assert response.status_code == 200 and said in response.content.decode()
    assert len(translations(deepl)) == 1
    # Remembered: the next export says so without asking the service.
    response = russian.get(reverse("translation_export"), {
        "download": "1", "language": "ru", "format": "po", "scope": "page", "page": page.pk,
        "machine": "on"})
    assert said in response.content.decode() and len(translations(deepl)) == 1


def test_a_language_libretranslate_does_not_have_is_said_not_asked_again(libretranslate,
                                                                          russian):
    libretranslate.mode = "unsupported"
    page = block_page("quote", ru_copy=False)
    query = {"download": "1", "language": "ru", "format": "po", "scope": "page",
             "page": page.pk, "machine": "on"}
    response = russian.get(reverse("translation_export"), query)
    said = "does not translate from Azərbaycanca into Русский"
    assert response.status_code == 200 and said in response.content.decode()
    asked = len(libretranslate.requests)
    assert said in russian.get(reverse("translation_export"), query).content.decode()
    assert len(libretranslate.requests) == asked


def test_libretranslate_is_sent_no_glossary(libretranslate):
    from translations.models import GlossaryTerm

    GlossaryTerm.objects.create(term_az="Sitat", term_en="Quotation", term_ru="Цитата")
    assert machine.configured().translate(["Sitat"], "az", "ru",
                                          glossary=GlossaryTerm.pairs("ru")) == ["[ru] Sitat"]
    assert set(libretranslate.requests[-1]) == {"q", "source", "target", "format"}
