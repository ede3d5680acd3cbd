"""A Russian translator exchanges a PO file through the admin in a real browser: export, edit
with polib, upload, read the dry run, confirm, and find the Russian draft in the editor; and
fills a field with a machine suggestion from a loopback LibreTranslate-compatible service, and
has a rich text block's suggestion saved as a draft and shown after the editor reloads (refused,
nothing lost, while the form has unsaved changes)."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import polib
from playwright.sync_api import expect

from tests.conftest import ANSWERING_TIMEOUT
from tests.e2e.conftest import ROOT, Watch, _free_port, sign_in

NEW_TITLE = "Ходжалы: перевод из файла"


def test_a_russian_translator_imports_a_po_file_after_its_dry_run(new_context, portal,
                                                                  tmp_path):
    page = new_context(accept_downloads=True).new_page()
    sign_in(page, "translator_ru", portal["passwords"]["translator_ru"])
    page.goto("/admin/translations/export/")
    page.get_by_label("Language").select_option("ru")
    page.get_by_label("Format").select_option("po")
    page.get_by_label("What").select_option("site")
    with page.expect_download() as download:
        page.locator("form[data-exchange-export] button[type=submit]").click()
    catalogue = polib.pofile(download.value.path())
    entry = next(e for e in catalogue if e.msgctxt.startswith("pages.memorialarticlepage:")
                 and e.msgctxt.endswith(":title"))
    page_id = entry.msgctxt.split(":")[1]
    entry.msgstr = NEW_TITLE
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    translated = tmp_path / "ru.po"
    catalogue.save(str(translated))

    page.goto("/admin/translations/import/")
    page.locator("input[type=file]").set_input_files(str(translated))
    page.locator("form[enctype] button[type=submit]").click()
    changes = page.locator("[data-import-changes]")
    expect(changes).to_contain_text(NEW_TITLE)
    expect(page.locator("[data-import-errors]")).to_have_count(0)
    # Nothing is written before the confirmation.
    editor = new_context().new_page()
    sign_in(editor, "translator_ru", portal["passwords"]["translator_ru"])
    editor.goto(f"/admin/pages/{page_id}/edit/")
    expect(editor.locator(f'input[value="{NEW_TITLE}"]')).to_have_count(0)

    page.locator("form input[name=digest]").locator("xpath=..").locator(
        "button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(re.compile("1"))
    page.goto(f"/admin/pages/{page_id}/edit/")
    expect(page.locator(f'input[value="{NEW_TITLE}"]')).to_have_count(1)
    # A draft, not published: the live page still shows its old Russian title.
    status = page.locator("[data-translation-status]")
    expect(status).not_to_contain_text(re.compile(r"Title.*(Missing|Outdated)"))


class MachineService(BaseHTTPRequestHandler):
    """LibreTranslate's ``POST /translate`` on loopback; ``mode`` "500" makes it fail."""

    mode = "ok"

    def do_POST(self):  # noqa: N802 - the HTTP method's name
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.mode == "500":
            self.send_response(500)
            self.end_headers()
            return
        body = json.dumps({"translatedText": [f"[ru] {text}" for text in payload["q"]]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))

    def log_message(self, *args):
        pass


def _serve_with_machine_translation(portal, service_url):
    """A second server of the same portal and database, with a machine service configured."""
    port = _free_port()
    env = {**portal["env"], "PORTAL_MT_BACKEND": "libretranslate",
           "PORTAL_MT_URL": service_url,
           "PORTAL_MT_TIMEOUT": str(ANSWERING_TIMEOUT)}  # the service always answers
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload",
         "--insecure"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/az/", timeout=2)
            return server, base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                os.killpg(server.pid, signal.SIGTERM)
                raise RuntimeError("the portal did not start") from None
            time.sleep(0.3)


def test_a_translator_fills_a_field_with_a_machine_suggestion(browser, portal):
    import psycopg

    with psycopg.connect(portal["env"]["DATABASE_URL"]) as conn:
        page_id, source_title = conn.execute(
            "SELECT id, title_az FROM wagtailcore_page WHERE slug_en = 'about'").fetchone()
    service = ThreadingHTTPServer(("127.0.0.1", 0), MachineService)
    threading.Thread(target=service.serve_forever, daemon=True).start()
    server, base = _serve_with_machine_translation(
        portal, f"http://127.0.0.1:{service.server_address[1]}")
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    watch = Watch(base)
    watch.attach(context)
    try:
        page = context.new_page()
        sign_in(page, "translator_ru", portal["passwords"]["translator_ru"])
        page.goto(f"/admin/pages/{page_id}/edit/")
        title = page.locator('input[name="title_ru"]')
        title.fill("")  # the Russian title to do again
        page.locator("button.action-save").first.click()
        page.wait_for_load_state()
        page.goto(f"/admin/pages/{page_id}/edit/")
        button = page.locator('[data-suggest-url][data-field="title"][data-language="ru"]')
        expect(button).to_have_count(1)

        # The service fails: a message, and what the translator typed stays.
        MachineService.mode = "500"
        title.fill("Мой черновик")
        button.click()
        expect(button.locator("xpath=following-sibling::*[1]")).to_contain_text("500")
        expect(title).to_have_value("Мой черновик")

        # It answers: asked before replacing what was typed, then filled in.
        MachineService.mode = "ok"
        page.once("dialog", lambda dialog: dialog.accept())
        button.click()
        expect(title).to_have_value(f"[ru] {source_title}")
        page.locator("button.action-save").first.click()
        page.wait_for_load_state()
        page.goto(f"/admin/pages/{page_id}/edit/")
        cell = page.locator('[data-translation-status] td[data-language="ru"][data-machine]')
        expect(cell).to_have_count(1)
        expect(cell).to_have_attribute("data-state", "missing")
    finally:
        context.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        service.shutdown()
        service.server_close()
    # The one failed request the browser reports is the suggestion the failing service
    # could not give (the portal answers 503); nothing else went wrong or left the portal.
    assert [error for error in watch.console_errors
            if "status of 503 (Service Unavailable)" not in error] == []
    assert len(watch.console_errors) <= 1 and watch.foreign_requests == []


def _without_russian_block(conn, page_id, block_id):
    """The Russian body of the page, live and in its latest revision, without the block: a
    paragraph still to translate (its text is the Azerbaijani one, in the source's place)."""
    from psycopg.types.json import Jsonb

    def dropped(value):
        items = json.loads(value) if isinstance(value, str) else value
        kept = [item for item in items if item["id"] != block_id]
        return json.dumps(kept) if isinstance(value, str) else kept

    (body,) = conn.execute("SELECT body_ru FROM pages_standardpage WHERE page_ptr_id = %s",
                           [page_id]).fetchone()
    new = dropped(body)
    conn.execute("UPDATE pages_standardpage SET body_ru = %s WHERE page_ptr_id = %s",
                 [new if isinstance(new, str) else Jsonb(new), page_id])
    revision_id, content = conn.execute(
        "SELECT r.id, r.content FROM wagtailcore_revision r JOIN wagtailcore_page p "
        "ON p.latest_revision_id = r.id WHERE p.id = %s", [page_id]).fetchone()
    content = json.loads(content) if isinstance(content, str) else content
    content["body_ru"] = dropped(content["body_ru"])
    conn.execute("UPDATE wagtailcore_revision SET content = %s WHERE id = %s",
                 [Jsonb(content), revision_id])


def test_a_rich_text_suggestion_is_saved_as_a_draft_and_shown_after_a_reload(browser, portal):
    """Rich text (translations.suggest): refused while the form has unsaved changes (nothing is
    lost); without them, written into a draft and shown once the editor reloads."""
    import psycopg

    with psycopg.connect(portal["env"]["DATABASE_URL"]) as conn:
        page_id, body = conn.execute(
            "SELECT p.id, s.body_az FROM wagtailcore_page p JOIN pages_standardpage s "
            "ON s.page_ptr_id = p.id WHERE p.slug_en = 'about'").fetchone()
        body = json.loads(body) if isinstance(body, str) else body
        block_id = next(item["id"] for item in body if item["type"] == "paragraph")
        _without_russian_block(conn, page_id, block_id)
    service = ThreadingHTTPServer(("127.0.0.1", 0), MachineService)
    threading.Thread(target=service.serve_forever, daemon=True).start()
    MachineService.mode = "ok"
    server, base = _serve_with_machine_translation(
        portal, f"http://127.0.0.1:{service.server_address[1]}")
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    watch = Watch(base)
    watch.attach(context)

    def russian_block():
        """The Russian block's rich text editor (the block's inputs are named by position;
        its id is the value the script sets on its hidden id input)."""
        prefix = page.evaluate(
            """(id) => Array.from(document.querySelectorAll('input[name^="body_ru-"]'))
                 .filter((input) => input.name.split("-").length === 3
                         && input.name.endsWith("-id") && input.value === id)
                 .map((input) => input.name.slice(0, -3))[0] || null""", block_id)
        return prefix

    try:
        page = context.new_page()
        sign_in(page, "translator_ru", portal["passwords"]["translator_ru"])
        page.goto(f"/admin/pages/{page_id}/edit/")
        assert russian_block() is None
        button = page.locator(
            f'[data-suggest-url][data-field="body.{block_id}"][data-language="ru"]')
        expect(button).to_have_count(1)
        expect(button).to_have_attribute("data-reload", "")

        # Unsaved changes in the form: the button says so and nothing is sent or lost.
        title = page.locator('input[name="title_ru"]')
        typed = "Несохранённый заголовок"
        title.fill(typed)
        button.click()
        expect(button.locator("xpath=following-sibling::*[1]")).to_contain_text(
            "Save your changes first")
        expect(title).to_have_value(typed)
        assert russian_block() is None

        # Without them: saved as a draft, and the editor reloads to show it.
        page.once("dialog", lambda dialog: dialog.accept())
        page.goto(f"/admin/pages/{page_id}/edit/")
        with page.expect_navigation():
            button.click()
        prefix = russian_block()
        assert prefix is not None
        editor = page.locator(f'[name="{prefix}-value"]').locator(
            'xpath=ancestor::*[.//*[@contenteditable="true"]][1]//*[@contenteditable="true"]')
        expect(editor).to_contain_text("[ru] ")
        cell = page.locator(f'td[data-machine]:has([data-field="body.{block_id}"])')
        expect(cell).to_have_count(1)
    finally:
        context.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        service.shutdown()
        service.server_close()
    assert watch.console_errors == [] and watch.foreign_requests == []
