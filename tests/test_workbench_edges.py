"""The workbench's rough edges (issue 25, item 5): each defect as a user met it."""

import datetime

from django.urls import reverse
from django.utils import translation
from wagtail.models import WorkflowState

from core import translation_state
from pages.models import NewsIndexPage, NewsPage


def _news_with_only_azerbaijani(index, user=None):
    page = NewsPage(title_az="Yalnız Azərbaycanca", slug_az="yalniz-azerbaycanca",
                    summary_az="Qısa xülasə.", date=datetime.date(2026, 2, 20),
                    slug_en="only-azerbaijani", slug_ru="tolko-azerbaydzhanski", live=False)
    index.add_child(instance=page)
    page.title_en = page.title_ru = None
    page.save()
    return page


def _title_state(page, language):
    page = type(page).objects.get(pk=page.pk)
    found = translation_state.states(page, children=False, keys={"title"},
                                     languages=[language])
    return found[0].state if found else None


def test_publishing_a_revision_in_an_english_admin_leaves_the_english_title_empty(db):
    index = NewsIndexPage.objects.get()
    page = _news_with_only_azerbaijani(index)
    with translation.override("en"):
        page = NewsPage.objects.get(pk=page.pk)
        revision = page.save_revision()
        revision.publish()
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    assert not page.title_en
    assert not page.title_ru
    assert _title_state(page, "en") == translation_state.MISSING


def test_an_editor_submits_and_approves_in_the_english_admin_and_english_stays_missing(
        editor, db):
    from tests.admin_forms import post_data, rendered_form
    from tests.test_exchange_admin import in_english

    in_english(editor.user)
    index = NewsIndexPage.objects.get()
    page = _news_with_only_azerbaijani(index)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = post_data(rendered_form(editor, url), **{"action-submit": "submit"})
    response = editor.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.content.decode()[:3000]
    page = NewsPage.objects.get(pk=page.pk)
    assert not page.title_en
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk),
                                      status=WorkflowState.STATUS_IN_PROGRESS)
    approve = reverse("wagtailadmin_pages:workflow_action",
                      args=[page.pk, "approve", state.current_task_state.pk])
    response = editor.post(approve, {"comment": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (200, 302)
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    assert not page.title_en
    assert _title_state(page, "en") == translation_state.MISSING
    report = editor.get(reverse("translation_status") + "?language=en").content.decode()
    assert "Same as source" not in report.split("Yalnız Azərbaycanca")[-1][:2000]
