"""The workbench's rough edges (issue 25, item 5): each defect as a user met it."""

import datetime

from django.urls import reverse
from django.utils import translation
from wagtail.models import WorkflowState

from pages.models import NewsIndexPage, NewsPage
from translations import state as translation_state


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


def _report_cells(client, language, title):
    """The report's 'missing' cell of the row for ``title`` in ``language``."""
    import re

    html = client.get(reverse("translation_status") + f"?language={language}").content.decode()
    rows = re.findall(r"<tr data-translation-row[^>]*>(.*?)</tr>", html, re.S)
    row = next(row for row in rows if title in row)
    return re.search(r'<td data-state="missing">(.*?)</td>', row, re.S).group(1).strip()


def test_the_reports_labels_are_in_the_viewers_language_whoever_saved_last(
        editor, django_user_model):
    from django.contrib.auth.models import Group
    from django.test import Client
    from wagtail.users.models import UserProfile

    from editorial.setup import TRANSLATORS
    from pages.models import StandardPage
    from tests.test_exchange_admin import in_english

    in_english(editor.user)
    translator = django_user_model.objects.create_user("tr_ru_labels", password="x")
    translator.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "ru"
    profile.save()
    russian = Client()
    russian.force_login(translator)

    about = StandardPage.objects.get(slug_en="about")
    body = [{"type": "paragraph", "value": "<p>Birinci.</p>", "id": "p1"},
            {"type": "paragraph", "value": "<p>İkinci.</p>", "id": "p2"}]
    page = StandardPage(title_az="Etiketlər", title_ru="Метки", slug_az="etiketler",
                        slug_en="labels", slug_ru="metki", body_az=body, body_en=[],
                        body_ru=[])
    about.add_child(instance=page)
    with translation.override("ru"):  # the last save was in a Russian admin
        StandardPage.objects.get(pk=page.pk).save_revision().publish()

    english_cell = _report_cells(editor, "en", "Etiketlər")
    with translation.override("en"):
        field = str(StandardPage._meta.get_field("body").verbose_name)
    assert f"{field}: " in english_cell, english_cell
    assert not any("а" <= letter.lower() <= "я" for letter in english_cell), english_cell

    russian_cell = _report_cells(russian, "ru", "Etiketlər")
    with translation.override("ru"):
        field = str(StandardPage._meta.get_field("body").verbose_name)
    assert f"{field}: " in russian_cell, russian_cell


def _russian_translator(django_user_model, name="tr_ru_edges"):
    from django.contrib.auth.models import Group
    from django.test import Client
    from wagtail.users.models import UserProfile

    from editorial.setup import TRANSLATORS

    user = django_user_model.objects.create_user(name, password="x")
    user.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ru"
    profile.save()
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_a_translator_is_offered_confirm_links_only_in_the_language_they_write(
        django_user_model):
    import re

    from pages.models import StandardPage

    russian = _russian_translator(django_user_model)
    about = StandardPage.objects.get(slug_en="about")
    page = StandardPage(title_az="Xocalı", title_en="Xocalı", title_ru="Xocalı",
                        slug_az="xocali-ad", slug_en="xocali-name", slug_ru="xocali-imya")
    about.add_child(instance=page)
    page.save_revision().publish()

    html = russian.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    links = re.findall(r'href="([^"]*/translations/confirm/[^"]*)"', html)
    assert any("language=ru" in link for link in links), links
    assert not any("language=en" in link for link in links), links

    english = links[0].replace("&amp;", "&").replace("language=ru", "language=en")
    response = russian.get(english)
    assert response.status_code == 403
    body = response.content.decode()
    assert 'role="alert"' in body and "<html" in body  # an admin page, not a bare one
    with translation.override("ru"):
        from django.utils.translation import pgettext

        why = pgettext("translation workbench",
                       "Only the people who write %(language)s (its translators and the "
                       "editors) may confirm its texts.") % {"language": "English"}
    assert why in body
    assert "Только" in why  # the Russian catalogue says it
    # And posting it changes nothing.
    assert russian.post(english).status_code == 403


def test_the_export_form_picks_a_page_and_says_a_missing_choice_once(editor):
    import polib

    from pages.models import StandardPage
    from tests.test_exchange_admin import in_english

    in_english(editor.user)
    url = reverse("translation_export")
    html = editor.get(url).content.decode()
    assert 'id="id_page-chooser"' in html  # Wagtail's page chooser, not a hidden field
    assert "data-chooser-url" in html

    response = editor.get(url, {"download": "1", "language": "ru", "format": "po",
                                "scope": "page"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Choose the page or section to export.") == 1

    about = StandardPage.objects.get(slug_en="about")
    response = editor.get(url, {"download": "1", "language": "ru", "format": "po",
                                "scope": "page", "page": about.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    catalogue = polib.pofile(response.content.decode("utf-8"))
    assert {entry.msgctxt.split(":")[1] for entry in catalogue} == {str(about.pk)}


def test_after_an_import_each_draft_is_linked_and_may_be_submitted_for_review(
        django_user_model):
    import re

    from tests.test_exchange import block_page
    from tests.test_exchange_admin import client_for, translated_po, upload

    russian = client_for(django_user_model, "anna_edges", "ru")

    def import_with(page, **extra):
        dry_run = upload(russian, translated_po(page))
        html = dry_run.content.decode()
        checkbox = re.search(r'<input[^>]*name="submit_for_review"[^>]*>', html).group(0)
        assert "checked" not in checkbox  # off unless asked for
        response = russian.post(reverse("translation_import"),
                                {"digest": dry_run.context["plan"].digest, **extra},
                                follow=True)
        assert response.status_code == 200
        return response.content.decode()

    def in_review(page):
        return WorkflowState.objects.filter(
            base_content_type__isnull=False, object_id=str(page.pk),
            status=WorkflowState.STATUS_IN_PROGRESS).exists()

    kept = block_page("quote", ru_copy=False, suffix=" 1")
    html = import_with(kept)
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[kept.pk])}"' in html
    assert not in_review(kept)

    submitted = block_page("quote", ru_copy=False, suffix=" 2")
    html = import_with(submitted, submit_for_review="1")
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[submitted.pk])}"' in html
    assert "submitted to editorial review" in html
    assert in_review(submitted)
    state = WorkflowState.objects.get(object_id=str(submitted.pk),
                                      status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == "Editorial review"
    assert state.requested_by == russian.user
    submitted = type(submitted).objects.get(pk=submitted.pk)
    assert state.current_task_state.revision == submitted.get_latest_revision()  # the import's
    assert state.current_task_state.revision.user == russian.user


def test_the_state_filter_narrows_the_exported_segments(editor):
    import polib

    from pages.models import StandardPage

    about = StandardPage.objects.get(slug_en="about")
    body = [{"type": "paragraph", "value": "<p>Yeni abzas.</p>", "id": "s1"}]
    page = StandardPage(title_az="Vəziyyət", title_en="State", title_ru="Состояние",
                        slug_az="veziyyet", slug_en="state", slug_ru="sostoyanie",
                        body_az=body, body_en=[], body_ru=[])
    about.add_child(instance=page)
    page.save_revision().publish()
    page = StandardPage.objects.get(pk=page.pk)
    page.title_az = "Vəziyyət (düzəliş)"  # the source revised: English title outdated
    page.save_revision().publish()

    def exported(state):
        response = editor.get(reverse("translation_export"), {
            "download": "1", "language": "en", "format": "po", "scope": "report",
            "state": state})
        assert response.status_code == 200, response.content.decode()[:2000]
        catalogue = polib.pofile(response.content.decode("utf-8"))
        prefix = f"pages.standardpage:{page.pk}:"
        return {entry.msgctxt.removeprefix(prefix).split(":")[0]
                for entry in catalogue if entry.msgctxt.startswith(prefix)}

    assert exported("outdated") == {"title"}
    assert exported("missing") == {"body"}
    assert exported("") == {"title", "body"}  # anything to do: both
