"""Contributors write drafts in the anniversary and news sections; editors review and publish."""

import datetime
import io

from django.core import mail
from django.urls import reverse
from wagtail.models import Page, Site, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.models import (
    AnniversaryIndexPage,
    AnniversaryUpdatePage,
    ContactPage,
    NewsIndexPage,
    NewsPage,
)


def update_form(action, body_az=()):
    return nested_form_data(
        {
            "title_az": "Bakıda anım", "title_en": "Remembrance in Baku",
            "title_ru": "Память в Баку",
            "slug_az": "bakida-anim", "slug_en": "remembrance-in-baku",
            "slug_ru": "pamyat-v-baku",
            "commemoration_date": "2027-02-26",
            "place_az": "Bakı", "place_en": "Baku", "place_ru": "Баку",
            "summary_az": "Anım mərasimi.", "summary_en": "A commemoration.",
            "summary_ru": "Траурная церемония.",
            "body_az": streamfield(list(body_az)), "body_en": streamfield([]),
            "body_ru": streamfield([]),
            "gallery_images-TOTAL_FORMS": "0",
            "gallery_images-INITIAL_FORMS": "0",
            "gallery_images-MIN_NUM_FORMS": "0",
            "gallery_images-MAX_NUM_FORMS": "1000",
            "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
            action: action.removeprefix("action-"),
        }
    )


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def test_contributor_submits_an_update_and_an_editor_approves_it(contributor, editor, client):
    index = AnniversaryIndexPage.objects.get()
    response = contributor.post(add_url(AnniversaryUpdatePage, index), update_form("action-submit"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = AnniversaryUpdatePage.objects.get(slug_en="remembrance-in-baku")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Editorial review"
    for path in ("/en/anniversaries/remembrance-in-baku/", "/ru/godovshhiny/pamyat-v-baku/"):
        assert client.get(path).status_code == 404

    # The editor sees it waiting on the dashboard and approves it.
    dashboard = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "Remembrance in Baku" in dashboard or "Bakıda anım" in dashboard
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    assert editor.post(approve, {"comment": ""}).status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    titles = {"az": "Bakıda anım", "en": "Remembrance in Baku", "ru": "Память в Баку"}
    for language, title in titles.items():
        timeline = client.get(_url(index, language))
        assert timeline.status_code == 200
        assert title in timeline.content.decode()


def _url(page, language):
    from django.utils import translation

    with translation.override(language):
        return page.get_url()


def test_contributor_cannot_publish(contributor):
    index = AnniversaryIndexPage.objects.get()
    edit_html = contributor.get(add_url(AnniversaryUpdatePage, index)).content.decode()
    assert 'name="action-submit"' in edit_html
    assert 'name="action-publish"' not in edit_html
    contributor.post(add_url(AnniversaryUpdatePage, index), update_form("action-publish"))
    page = AnniversaryUpdatePage.objects.get(slug_en="remembrance-in-baku")
    assert not page.live


def test_contributor_may_write_news_too(contributor):
    index = NewsIndexPage.objects.get()
    assert contributor.get(add_url(NewsPage, index)).status_code == 200


def test_contributor_cannot_touch_other_sections_settings_or_submissions(
    contributor, editor, memorial
):
    def editor_can_open(url):
        return editor.get(url).status_code == 200

    edit = contributor.get(reverse("wagtailadmin_pages:edit", args=[memorial.pk]))
    assert edit.status_code in (302, 403)
    home = Page.objects.get(depth=2)
    assert contributor.get(add_url(Page, home)).status_code in (302, 403)
    site = Site.objects.get(is_default_site=True)
    settings_url = reverse("wagtailsettings:edit", args=["pages", "portalsettings", site.pk])
    assert editor_can_open(settings_url)
    assert contributor.get(settings_url).status_code in (302, 403)
    contact = ContactPage.objects.get()
    submissions = reverse("wagtailforms:list_submissions", args=[contact.pk])
    assert editor_can_open(submissions)
    assert contributor.get(submissions).status_code in (302, 403)
    forms = contributor.get(reverse("wagtailforms:index"))
    assert submissions not in forms.content.decode()


def test_editor_requests_changes_and_the_contributor_is_notified(contributor, editor):
    index = AnniversaryIndexPage.objects.get()
    contributor.post(add_url(AnniversaryUpdatePage, index), update_form("action-submit"))
    page = AnniversaryUpdatePage.objects.get(slug_en="remembrance-in-baku")
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    mail.outbox.clear()
    reject = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    response = editor.post(reject, {"comment": "Please name the organisers."})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert not page.live
    to_contributor = [message for message in mail.outbox if "leyla@example.org" in message.to]
    assert to_contributor, [message.to for message in mail.outbox]
    assert "Please name the organisers." in to_contributor[0].body


def test_an_update_prepared_in_january_goes_live_on_26_february(editor, client):
    from django.core.management import call_command
    from django.utils import timezone

    index = AnniversaryIndexPage.objects.get()
    go_live = timezone.now() + datetime.timedelta(days=60)
    data = update_form("action-publish")
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    response = editor.post(add_url(AnniversaryUpdatePage, index), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = AnniversaryUpdatePage.objects.get(slug_en="remembrance-in-baku")
    assert not page.live and page.go_live_at is not None
    revision = page.revisions.order_by("-created_at").first()
    assert revision.approved_go_live_at is not None
    # The day comes.
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live
    assert client.get(_url(page, "en")).status_code == 200


def test_a_contributor_is_warned_when_an_update_has_no_text_in_any_language(contributor):
    from django.contrib.messages import get_messages

    def warnings_after(data):
        contributor.cookies.pop("messages", None)
        response = contributor.post(add_url(AnniversaryUpdatePage, index), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]

    index = AnniversaryIndexPage.objects.get()
    warned = warnings_after(update_form("action-submit"))
    assert len(warned) == 1
    assert "Remembrance in Baku" in warned[0] or "Bakıda anım" in warned[0]

    # With a text in one language, nothing of the kind.
    data = update_form("action-submit", body_az=[
        ("paragraph", rich_text("<p>Bakıda anım mərasimi keçirildi.</p>")),
    ])
    for key in [key for key in data if key.startswith("slug_")]:
        data[key] += "-2"
    assert warnings_after(data) == []
