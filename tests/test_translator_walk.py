"""Every admin path a translator can reach, found by walking the admin from its dashboard as a
Russian translator (links followed, not a list written by hand), and every form met there
posted back as the translator's browser would send it, with values for every field the
translator's form leaves out (what an editor's form of the same page holds) set to foreign
markers. Afterwards nothing but Russian texts may differ anywhere: every page's, record's and
setting's latest version is compared before and after, and no marker is stored. Readers'
messages and contributors' contact details never reach the translator (issue 24, findings
1-4 and Build 1-2)."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import Resolver404, resolve
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from editorial.setup import TRANSLATORS
from tests.admin_forms import post_data, rendered_form
from translations import state as translation_state

pytestmark = pytest.mark.slow

MARKER = "FOREIGN-7731"
NUMBER_MARKER = "-7.7731"
READER_EMAIL = "reader-secret-5512@example.org"
CONTRIBUTOR_EMAIL = "contributor-secret-5513@example.org"
VISITS_PER_ROUTE = 2
MAX_VISITS = 400
# Links that would end the walk or leave the admin's pages for files.
SKIP = re.compile(r"/logout/|/admin/documents/[^/]+/\d+/|\.(csv|xlsx|po|xlf|xliff)($|\?)"
                  r"|[?&]export=")


def route_of(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.route


@pytest.fixture
def readers_data(db):
    from pages.models import ContactPage
    from remembrance.models import Contribution

    contact = ContactPage.objects.get()
    FormSubmission.objects.create(page=contact, form_data={
        "adiniz": "Reader Secret", "e_poct_unvaniniz": READER_EMAIL, "movzu": "Düzəliş",
        "mesajiniz": "Private words"})
    contribution = Contribution.objects.create(
        contributor_name="Contributor Secret", email=CONTRIBUTOR_EMAIL,
        consent_given_at="2026-02-20T10:00:00Z")
    return contact, contribution


def translator(django_user_model):
    user = django_user_model.objects.create_user("vera", "vera@example.org", "pw")
    user.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def superuser(django_user_model):
    user = django_user_model.objects.create_superuser("root2", "root2@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def walk(client):
    """{path: response} of the admin pages reached from the dashboard by links."""
    seen_routes: dict = {}
    visited, reached = set(), {}
    queue = deque(["/admin/"])
    while queue and len(visited) < MAX_VISITS:
        path = queue.popleft()
        if path in visited:
            continue
        route = route_of(path)
        if route is None or seen_routes.get(route, 0) >= VISITS_PER_ROUTE:
            continue
        visited.add(path)
        seen_routes[route] = seen_routes.get(route, 0) + 1
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        reached[path] = response
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        # Links, and the addresses the admin's sidebar and menus carry as data.
        body = response.content.decode().replace("\\u002F", "/").replace("&quot;", '"')
        for href in re.findall(r'"(/admin/[^"\s<>]*)"', body):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if href not in visited and not SKIP.search(href):
                queue.append(href)
    return reached


def admin_patterns():
    """Every URL pattern of the admin, as Django's resolver holds them (route strings)."""
    from django.urls import get_resolver

    found = []

    def visit(patterns, prefix):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                visit(pattern.url_patterns, prefix + str(pattern.pattern))
            elif prefix.startswith("admin/"):
                found.append((prefix + str(pattern.pattern), pattern.callback))
    visit(get_resolver().url_patterns, "")
    return found


def parameter_values(readers):
    """Values for the admin's URL parameters, taken from the demo site: pages with inline
    children at two depths, a page revision, a register record, the readers' data."""
    from django.contrib.contenttypes.models import ContentType

    from pages.models import LinksPage, MapPage, MemorialArticlePage
    from remembrance.models import NameRecord
    from tests.remembrance_factories import make_record

    contact, contribution = readers
    memorial, links = MemorialArticlePage.objects.get(), LinksPage.objects.get()
    maps = MapPage.objects.filter(routes__isnull=False).first()
    record = NameRecord.objects.first() or make_record()
    revision = memorial.save_revision()
    record_revision = record.save_revision()
    return {
        "page_id": [memorial.pk, links.pk, maps.pk, contact.pk],
        "parent_page_id": [memorial.pk],
        "revision_id": {"namerecord": record_revision.pk, "pages": revision.pk},
        "content_type_id": [ContentType.objects.get_for_model(memorial).pk],
        "object_id": [memorial.pk],
        "pk": {"namerecord": record.pk, "contribution": contribution.pk,
               "submissions": contact.pk, "forms": contact.pk},
        "app_label": ["pages"], "app_name": ["pages"], "model_name": ["standardpage"],
    }


def from_patterns(readers):
    """Paths of every admin URL pattern whose parameters the demo site can fill."""
    values = parameter_values(readers)
    paths = set()
    for route, _callback in admin_patterns():
        # Regular-expression patterns as plain routes: (?P<page_id>\d+) as <page_id>.
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route).replace("^", "").replace("$", "")
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        choices = []
        for name in names:
            pool = values.get(name)
            if isinstance(pool, dict):  # a key of the model named in the route
                pool = [value for model, value in pool.items() if model in route][:1]
            choices.append(pool or [])
        if any(not pool for pool in choices):
            continue
        for combination in zip(*[pool if len(pool) > 1 else pool * 4 for pool in choices],
                               strict=False):
            path = route
            for name, value in zip(names, combination, strict=True):
                path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path, count=1)
            if "settings" in route and "app_name" in names:
                path = path.replace("standardpage", "portalsettings")
            paths.add("/" + path)
    return sorted(paths)


def foreign_values(translator_form, editor_form):
    """For each field an editor's form of the same page has and the translator's lacks, a
    marker of the kind the field takes."""
    values = {}
    for name in editor_form:
        if name in translator_form or name.endswith(("-count", "-TOTAL_FORMS",
                                                      "-INITIAL_FORMS", "-MIN_NUM_FORMS",
                                                      "-MAX_NUM_FORMS", "-type", "-deleted",
                                                      "-order", "-id", "-DELETE", "-ORDER")):
            continue
        value = editor_form.get(name) or ""
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            values[name] = NUMBER_MARKER if "." in value else "7731"
        elif value.startswith("http"):
            values[name] = f"https://{MARKER.lower()}.example/"
        elif value and not value.startswith("{"):
            values[name] = f"{MARKER} {value}"[:40]
    return values


def snapshot():
    """Every text and value an editor sees in the latest version of every page, register
    record and setting, except the Russian texts and Wagtail's bookkeeping."""
    from pages.models import PortalSettings
    from remembrance.models import NameRecord

    bookkeeping = {"latest_revision", "latest_revision_created_at", "draft_title",
                   "has_unpublished_changes", "locked", "locked_at", "locked_by",
                   "wagtail_admin_comments", "live_revision", "live", "last_published_at",
                   "first_published_at", "updated_at"}

    def cleaned(model, data):
        names = translation_state.per_language_names(model)
        result = {}
        for key, value in data.items():
            if key in bookkeeping or key in names or key.endswith("_ru"):
                continue
            if isinstance(value, list) and value and isinstance(value[0], dict):
                child_model = getattr(model, key).rel.related_model
                value = [cleaned(child_model, item) for item in value]
            result[key] = value
        return result

    found = {}
    for page in Page.objects.filter(depth__gt=1).specific():
        version = page.get_latest_revision_as_object()
        found[("page", page.pk)] = cleaned(type(version), version.serializable_data())
    for record in NameRecord.objects.all():
        version = record.get_latest_revision_as_object()
        found[("record", record.pk)] = cleaned(NameRecord, version.serializable_data())
    for setting in PortalSettings.objects.all():
        found[("settings", setting.pk)] = {
            field.attname: getattr(setting, field.attname)
            for field in PortalSettings._meta.concrete_fields
            if not field.attname.endswith("_ru")
            and field.attname not in translation_state.per_language_names(PortalSettings)}
    return found


def test_a_translator_walking_and_posting_every_admin_form_writes_only_russian(
        readers_data, django_user_model):
    contact, contribution = readers_data
    russian, editor = translator(django_user_model), superuser(django_user_model)
    patterns = from_patterns(readers_data)  # (makes a register record and two revisions)
    before = snapshot()
    reached = walk(russian)
    for path in patterns:
        if path not in reached and not SKIP.search(path) and "logout" not in path:
            response = russian.get(path)
            assert response.status_code < 500, (path, response.status_code)
            reached[path] = response

    routes = {route_of(path) for path in reached}
    assert "admin/pages/<int:page_id>/edit/" in routes  # the walk reached the page editor
    assert any("snippets" in route for route in routes)  # and the register records
    assert "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/" in routes
    for path, response in reached.items():
        body = response.content.decode(errors="replace")
        assert READER_EMAIL not in body and CONTRIBUTOR_EMAIL not in body, path

    posted = 0
    for path, response in reached.items():
        if response.status_code != 200 or 'method="post"' not in response.content.decode():
            continue
        if "/delete/" in path or "/unpublish/" in path:
            continue  # a translator may delete nothing; checked by permissions, not here
        try:
            mine = rendered_form(russian, path)
        except (AssertionError, ValueError):
            continue
        editors = editor.get(path)
        theirs = rendered_form(editor, path) if editors.status_code == 200 else {}
        foreign = foreign_values(mine, theirs) if theirs else {}
        answer = russian.post(path, post_data(mine, **foreign))
        assert answer.status_code < 500, (path, answer.status_code)
        posted += 1
    assert posted >= 5

    after = snapshot()
    changed = {}
    for key in set(before) | set(after):
        old, new = before.get(key) or {}, after.get(key) or {}
        fields = {name: (old.get(name), new.get(name)) for name in set(old) | set(new)
                  if old.get(name) != new.get(name)}
        if fields:
            changed[key] = fields
    assert changed == {}
    from wagtail.models import Revision

    stored = " ".join(str(content) for content in Revision.objects.values_list("content",
                                                                                 flat=True))
    assert MARKER not in stored and MARKER.lower() not in stored


def admin_routes_of(module_prefix):
    """The admin URL patterns whose views come from ``module_prefix``."""
    from django.urls import get_resolver

    found = []

    def visit(patterns, prefix):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                visit(pattern.url_patterns, prefix + str(pattern.pattern))
                continue
            callback = pattern.callback
            module = getattr(callback, "__module__", "") or ""
            view_class = getattr(callback, "view_class", None)
            if view_class is not None:
                module = view_class.__module__
            if prefix.startswith("admin/") and module.startswith(module_prefix):
                found.append(prefix + str(pattern.pattern))
    visit(get_resolver().url_patterns, "")
    return found


def test_readers_messages_are_for_editors_only_whatever_page_permission(readers_data,
                                                                         django_user_model,
                                                                         editor):
    """Finding 4: both translator groups read, exported and deleted the contact form's
    submissions. Every URL pattern of Wagtail's forms app is tried with the contact page."""
    contact, _contribution = readers_data
    russian = translator(django_user_model)
    routes = admin_routes_of("wagtail.contrib.forms")
    assert len(routes) >= 3
    submission = FormSubmission.objects.get(page=contact)
    for route in routes:
        path = "/" + re.sub(r"<int:page_id>|<int:pk>|<int:[a-z_]*>", str(contact.pk), route)
        for query in ("", "?export=csv", "?export=xlsx"):
            response = russian.get(path + query)
            body = response.content.decode(errors="replace")
            if response.status_code == 200:  # the list of forms, empty for a translator
                assert f"/admin/forms/submissions/{contact.pk}/" not in body, path
            else:
                assert response.status_code in (302, 403, 404), (path + query,
                                                                 response.status_code)
            assert READER_EMAIL not in body
        response = russian.post(path, {"selected-submissions": [str(submission.pk)]})
        assert response.status_code in (302, 403, 404, 405), (path, response.status_code)
        assert FormSubmission.objects.filter(pk=submission.pk).exists()
    listing = editor.get(f"/admin/forms/submissions/{contact.pk}/")
    assert listing.status_code == 200 and READER_EMAIL in listing.content.decode()
    panel = russian.get(f"/admin/pages/{contact.pk}/edit/").content.decode()
    assert f"/admin/forms/submissions/{contact.pk}/" not in panel
