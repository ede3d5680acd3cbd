"""Editors' tools: groups, scheduling, translation status, redirects, settings, demo users."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Workflow

from editorial.setup import CONTRIBUTORS, EDITORS, WORKFLOW, ensure_groups_and_workflow
from pages.models import PortalSettings, StandardPage
from tests.factories import body, create_page

LANGS = ("az", "en", "ru")


def test_groups_and_workflow_exist_and_setup_is_idempotent():
    from django.apps import apps

    editors = Group.objects.get(name=EDITORS)
    contributors = Group.objects.get(name=CONTRIBUTORS)
    before = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        editors.permissions.count(),
        Workflow.objects.count(),
    )
    ensure_groups_and_workflow(apps)
    ensure_groups_and_workflow(apps)
    after = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        editors.permissions.count(),
        Workflow.objects.count(),
    )
    assert before == after
    root = Page.get_first_root_node()
    editor_codenames = set(
        GroupPagePermission.objects.filter(group=editors, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page", "bulk_delete_page"} <= editor_codenames
    assert not GroupPagePermission.objects.filter(
        group=contributors, permission__codename="publish_page"
    ).exists()
    assert editors.permissions.filter(codename="change_portalsettings").exists()
    assert not contributors.permissions.filter(codename="change_portalsettings").exists()
    workflow = Workflow.objects.get(name=WORKFLOW)
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [editors]


def test_a_language_added_to_the_settings_gets_its_permission_and_translators(settings):
    """No migration and no list to extend: the set-up that runs after every migrate makes the
    permission to write Turkish and the group of its translators, named in Turkish."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    settings.LANGUAGES = [*settings.LANGUAGES, ("tr", "Turkish")]
    ensure_groups_and_workflow(apps, strict=True)

    translator = get_user_model().objects.create_user("turkish-translator")
    translator.groups.add(Group.objects.get(name="Translators: Türkçe"))
    assert translator.has_perm("translations.translate_tr")
    assert not translator.has_perm("translations.translate_ru")
    assert not translator.has_perm("translations.edit_shared_fields")
    editor_user = get_user_model().objects.create_user("editor-of-every-language")
    editor_user.groups.add(Group.objects.get(name=EDITORS))
    assert editor_user.has_perm("translations.translate_tr")
    assert editor_user.has_perm("translations.translate_az")


def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_editor_can_publish_anywhere_and_edit_settings(client, django_user_model, memorial):
    client.force_login(editor(django_user_model))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[memorial.pk])).status_code == 200
    site_id = PortalSettings.objects.get().site_id
    settings_url = reverse("wagtailsettings:edit", args=["pages", "portalsettings", site_id])
    assert client.get(settings_url).status_code == 200
    perms = memorial.permissions_for_user(django_user_model.objects.get(username="ed"))
    assert perms.can_publish() and perms.can_unpublish() and perms.can_move()
    assert perms.can_delete()


def test_a_scheduled_page_goes_live_after_publish_scheduled(client, about):
    page = create_page(
        about,
        StandardPage,
        title={"az": "Planlı", "en": "Scheduled", "ru": "Запланированная"},
        body={"az": body("x"), "en": body("x"), "ru": body("x")},
        publish=False,
    )
    page.go_live_at = timezone.now() + datetime.timedelta(days=30)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live and revision.approved_go_live_at is not None
    paths = (
        "/az/portal-haqqinda/planli/",
        "/en/about/scheduled/",
        "/ru/o-portale/zaplanirovannaya/",
    )
    for path in paths:
        assert client.get(path).status_code == 404, path
    call_command("publish_scheduled", stdout=io.StringIO())
    assert client.get(paths[1]).status_code == 404  # not yet: the day has not come

    # The day comes: move the schedule into the past, as the passing of time would.
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_translation_status_lists_what_is_left_in_each_language(admin_client, home):
    complete = create_page(
        home,
        StandardPage,
        title={"az": "Tam", "en": "Complete", "ru": "Полная"},
        body={"az": body("a"), "en": body("b"), "ru": body("c")},
    )
    no_ru_body = create_page(
        home,
        StandardPage,
        title={"az": "Rus mətni yoxdur", "en": "No Russian text", "ru": "Нет текста"},
        body={"az": body("a"), "en": body("b")},
    )
    only_az = create_page(
        home, StandardPage, title={"az": "Yalnız az"}, body={"az": body("a")}
    )
    copied = create_page(
        home, StandardPage, title={"az": "Köçürülüb", "en": "Köçürülüb", "ru": "Скопировано"},
        body={"az": body("a"), "en": body("b"), "ru": body("c")},
    )

    def edit_url(page):
        return reverse("wagtailadmin_pages:edit", args=[page.pk])

    def rows(html, page):
        """The languages of the report's rows for ``page``."""
        return {part.split('data-language="')[1][:2]
                for part in html.split("data-translation-row")[1:] if edit_url(page) in part}

    url = reverse("translation_status")
    html = admin_client.get(url).content.decode()
    assert edit_url(complete) not in html
    assert rows(html, no_ru_body) == {"ru"}
    assert rows(html, only_az) == {"en", "ru"}
    assert rows(html, copied) == {"en"}  # the English title is the Azerbaijani one

    ru_only = admin_client.get(url, {"language": "ru"}).content.decode()
    assert rows(ru_only, no_ru_body) == {"ru"} and rows(ru_only, copied) == set()
    same = admin_client.get(url, {"state": "same"}).content.decode()
    assert rows(same, copied) == {"en"} and rows(same, only_az) == set()
    section = admin_client.get(url, {"section": only_az.pk}).content.decode()
    assert rows(section, only_az) == {"en", "ru"} and rows(section, no_ru_body) == set()
    export = admin_client.get(url, {"export": "csv", "language": "ru"})
    csv = b"".join(export.streaming_content).decode()
    assert "Нет текста" not in csv and "Rus mətni yoxdur" in csv


def test_dashboard_counts_and_editor_shows_each_texts_state(admin_client, home):
    page = create_page(home, StandardPage, title={"az": "Yalnız az"}, body={"az": body("a")})
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    panel = dashboard.split("data-translation-dashboard")[1].split("</section>")[0]
    assert 'data-language="en"' in panel and 'data-language="ru"' in panel
    assert 'data-language="az"' not in panel  # the source is not translated into
    editor_html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    status = editor_html.decode().split("data-translation-status")[1].split("</table>")[0]
    for language in ("en", "ru"):
        assert f'data-state="missing" data-language="{language}"' in status
    assert 'data-language="az"' not in status


def test_reports_menu_offers_translation_status(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("translation_status") in html


@pytest.mark.parametrize(
    "language, old, new",
    [
        ("az", "/az/mexfilik/", "/az/mexfilik-siyaseti/"),
        ("en", "/en/privacy/", "/en/privacy-policy/"),
        ("ru", "/ru/konfidencialnost/", "/ru/politika-konfidencialnosti/"),
    ],
)
def test_renamed_page_keeps_its_old_address_in_every_language(
    client, home, language, old, new, django_capture_on_commit_callbacks
):
    page = StandardPage.objects.get(slug_en="privacy")
    page.slug_az, page.slug_en, page.slug_ru = (
        "mexfilik-siyaseti",
        "privacy-policy",
        "politika-konfidencialnosti",
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"].endswith(new)
    assert client.get(new).status_code == 200


def test_moved_page_keeps_its_old_address_and_its_childrens(
    client, home, about, django_capture_on_commit_callbacks
):
    child = create_page(
        about,
        StandardPage,
        title={"az": "Alt", "en": "Child", "ru": "Дочерняя"},
        body={"az": body("x"), "en": body("x"), "ru": body("x")},
    )
    privacy = StandardPage.objects.get(slug_en="privacy")
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=about.pk).move(privacy, pos="last-child")
    for old, new in [
        ("/en/about/", "/en/privacy/about/"),
        ("/en/about/child/", "/en/privacy/about/child/"),
        ("/ru/o-portale/dochernyaya/", "/ru/konfidencialnost/o-portale/dochernyaya/"),
        ("/az/portal-haqqinda/", "/az/mexfilik/portal-haqqinda/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(new)
    assert child.pk


@pytest.mark.parametrize(
    "language, name", [("az", "Xocalı 1992"), ("en", "Khojaly 1992"), ("ru", "Ходжалы 1992")]
)
def test_site_settings_text_per_language_and_social_links(client, language, name):
    portal = PortalSettings.objects.get()
    portal.footer_text_en = "Footer in English."
    portal.footer_text_ru = "Подвал по-русски."
    portal.youtube_url = "https://www.youtube.com/@example"
    portal.save()
    html = client.get(f"/{language}/").content.decode()
    assert f"<span>{name}</span>" in html
    assert 'href="https://www.youtube.com/@example"' in html
    if language == "ru":
        assert "Подвал по-русски." in html


@override_settings(DEBUG=False)
def test_demo_users_refused_without_debug():
    with pytest.raises(CommandError):
        call_command("load_demo_content", "--with-demo-users", stdout=io.StringIO())


@override_settings(DEBUG=True)
def test_demo_users_are_created_once_with_printed_passwords(django_user_model):
    out = io.StringIO()
    call_command("load_demo_content", "--with-demo-users", stdout=out)
    text = out.getvalue()
    assert "'editor' with password" in text and "'contributor' with password" in text
    editor_user = django_user_model.objects.get(username="editor")
    assert editor_user.groups.filter(name=EDITORS).exists()
    assert django_user_model.objects.get(username="contributor").groups.filter(
        name=CONTRIBUTORS
    ).exists()
    again = io.StringIO()
    call_command("load_demo_content", "--with-demo-users", stdout=again)
    assert "password" not in again.getvalue().replace("password is unchanged", "")


def test_accessibility_checker_is_in_the_editors_userbar(admin_client, memorial):
    html = admin_client.get("/en/khojaly-massacre/").content.decode()
    assert 'id="checker-axe-configuration"' in html
    reader = Client().get("/en/khojaly-massacre/").content.decode()
    assert "checker-axe-configuration" not in reader


def test_memorial_main_image_requires_alt_text(memorial):
    from django.core.exceptions import ValidationError
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Memorial", file=get_test_image_file())
    memorial.hero_image = image
    memorial.hero_image_alt_az = ""
    with pytest.raises(ValidationError):
        memorial.full_clean()
    memorial.hero_image_alt_az = "Xocalı soyqırımı abidəsi"
    memorial.full_clean()
