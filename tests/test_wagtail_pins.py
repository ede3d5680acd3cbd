"""Where Wagtail, or wagtail-modeltranslation, has no public door for what the portal needs,
what the portal relies on instead, pinned: each test fails when an upgrade changes it and says
what to revisit (docs/architecture.md, "Where Wagtail has no public door")."""

import hashlib
import inspect
import re

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from tests.factories import create_page
from tests.test_query_budgets import live_urls, page_types

# Wagtail 8.0's serve view (wagtail/views.py: serve_chain and serve), which
# core.views.serve_page repeats once the portal has found the page.
WAGTAIL_SERVE_SHA256 = "85c96734d9ffb0d1c351a6c01d704da0c9c99746a6d182eeacd67920b557bdd8"
# What differs between two renders of the same page: the CSRF token of a form.
PER_RENDER = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def test_wagtails_serve_view_is_the_one_the_portals_follows():
    from wagtail import views

    source = inspect.getsource(views.serve_chain) + inspect.getsource(views.serve)
    assert hashlib.sha256(source.encode()).hexdigest() == WAGTAIL_SERVE_SHA256, (
        "Wagtail's serve view changed: make core.views.serve_page do what it does now, "
        "then pin its new source here"
    )


def answer(client, url, method="get"):
    response = getattr(client, method)(url)
    text = PER_RENDER.sub(r"\1…", response.content.decode())
    return response.status_code, response.get("Location"), response.get("Allow"), text


def test_the_portal_serves_every_page_as_wagtails_own_view_does(client, settings):
    """The portal's serve view (its own routing, Wagtail's hooks) and Wagtail's (Wagtail's and
    wagtail-modeltranslation's routing) answer alike: every page type, sub-URLs of routable
    pages, a private page, OPTIONS, pages that do not exist."""
    from pages.models import HomePage, MapPage, NewsIndexPage, StandardPage
    from remembrance.models import NamesRegisterPage

    urls = [live_urls(model)[1] for model in page_types()]  # English
    urls += live_urls(HomePage)
    for model, route in [(NewsIndexPage, "feed_rss"), (MapPage, "geojson"),
                         (NamesRegisterPage, "propose")]:
        with translation.override("en"):
            urls.append(model.objects.live().first().url + model().reverse_subpage(route))
    urls += ["/en/no-such-page/", "/ru/novosti/no-such-item/", "/en/news/feed/nothing/"]
    hidden = create_page(HomePage.objects.get(), StandardPage, title={
        "az": "Gizli", "en": "Private", "ru": "Закрытая"})
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    with translation.override("en"):
        private = hidden.url
    requests = [(url, "get") for url in urls] + [(private, "get"), (urls[0], "options")]

    portals = {request: answer(client, *request) for request in requests}
    settings.ROOT_URLCONF = "tests.wagtail_serve_urls"
    wagtails = {request: answer(client, *request) for request in requests}
    differing = [request for request in requests if portals[request] != wagtails[request]]
    assert differing == []
    assert portals[(private, "get")][0] == 302
    assert {portals[(url, "get")][0] for url in urls[:-3]} == {200}


def test_wagtail_modeltranslation_still_replaces_every_page_types_route():
    """Why routing is the portal's own view (core.views.serve) and not ``BasePage.route``:
    wagtail-modeltranslation assigns its own ``route`` to every page type it registers, so an
    override on the base page would never be called."""
    replaced = {model.__name__ for model in page_types()
                if model.route.__module__.startswith("wagtail_modeltranslation")}
    assert replaced == {model.__name__ for model in page_types()}, (
        "wagtail-modeltranslation leaves route alone now: core.routing can move into "
        "BasePage.route, and core.views.serve give way to Wagtail's own view"
    )


def test_wagtail_still_reads_the_sites_table_for_every_request(rf):
    """Why core.routing.find_site remembers the site for a host: Wagtail keeps it only for
    the request (wagtail/wagtail#8937 asks it to remember it longer)."""
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            Site.find_for_request(rf.get("/en/"))
        assert len(queries) == 1, (
            "Wagtail remembers sites between requests now: core.routing.find_site can ask it"
        )


def test_wagtails_page_serve_still_forgets_that_a_request_is_a_preview(rf, about):
    """Why BasePage.serve_preview renders the page without ``serve``: ``Page.serve`` sets
    ``request.is_preview`` to False before it builds the context (wagtail/wagtail#6987)."""
    request = rf.get("/")
    request.user = AnonymousUser()
    request.is_preview = True
    Page.serve(about, request)
    assert request.is_preview is False, (
        "Page.serve keeps request.is_preview now: previews may go through serve again"
    )


def admin_script_map(name: str) -> dict:
    """One of the transliteration maps in Wagtail's admin script (``"RUSSIAN_MAP:ru"``)."""
    import json
    from pathlib import Path

    import wagtail

    script = Path(wagtail.__file__).parent / "admin/static/wagtailadmin/js/core.js"
    text = script.read_text(encoding="utf-8")
    start = text.index(f'"{name}":') + len(name) + 3
    array, _ = json.JSONDecoder().raw_decode(text[start:])
    return dict(array)


def test_slugs_transliterate_as_wagtails_admin_does():
    """core.slugs writes a slug as the admin's script suggests it (х -> x, щ -> shh, ə -> e):
    a page made in code or imported gets the slug an editor would have been offered."""
    from core import slugs

    assert admin_script_map("RUSSIAN_MAP:ru") == slugs.RUSSIAN, (
        "Wagtail's admin transliterates Russian differently now: decide whether core.slugs "
        "follows (new pages only; existing slugs stay) and say so in its docstring")
    assert admin_script_map("AZERBAIJANI_MAP:az") == slugs.AZERBAIJANI
    assert slugs.slugify("Ходжалинская трагедия") == "xodzhalinskaya-tragediya"
    assert slugs.slugify("Шехидов Щит Xocalı Şəhidləri") == "shexidov-shhit-xocali-sehidleri"


# -- the admin templates the portal still adds to (docs/architecture.md) -----------------------
def test_the_admin_templates_the_portal_adds_badges_to_are_still_the_ones_wagtail_renders():
    """The page chooser's Status cell and the dashboard's "Awaiting your review" take the
    portal's badges only while Wagtail renders them from these names (the copies themselves
    are compared with Wagtail's by tests/test_translation_badges.py)."""
    from wagtail.admin.views.chooser import PageStatusColumn
    from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

    assert PageStatusColumn.cell_template_name == (
        "wagtailadmin/chooser/tables/page_status_cell.html"
    ), "Wagtail's page chooser renders its status elsewhere: move the badges there"
    assert WorkflowObjectsToModeratePanel.template_name == (
        "wagtailadmin/home/workflow_objects_to_moderate.html"
    ), "Wagtail's review panel renders elsewhere: move the badges there"


def test_the_review_emails_are_still_rendered_from_the_templates_the_portal_extends():
    """The submission e-mails (Wagtail's notifiers for a workflow and for a group approval
    task) are rendered from the templates translations/templates/wagtailadmin/notifications/
    extends, each with the ``content`` block the portal's line is added to."""
    from pathlib import Path

    import wagtail.admin
    from wagtail.admin.mail import (
        GroupApprovalTaskStateSubmissionEmailNotifier,
        WorkflowStateSubmissionEmailNotifier,
    )
    from wagtail.models import TaskState, WorkflowState

    names = {
        *GroupApprovalTaskStateSubmissionEmailNotifier().get_template_set(TaskState()).values(),
        *WorkflowStateSubmissionEmailNotifier().get_template_set(WorkflowState()).values(),
    }
    ours = {"wagtailadmin/notifications/task_state_submitted.txt",
            "wagtailadmin/notifications/task_state_submitted.html",
            "wagtailadmin/notifications/workflow_state_submitted.txt",
            "wagtailadmin/notifications/workflow_state_submitted.html"}
    assert ours <= names, f"Wagtail's submission e-mails now use {sorted(names)}"
    templates = Path(wagtail.admin.__file__).parent / "templates"
    for name in ours:
        assert "{% block content %}" in (templates / name).read_text(), (
            f"{name} has no content block: the translation line would vanish")
