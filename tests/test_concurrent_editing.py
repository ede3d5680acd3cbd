"""Two editors at the same time: nothing is silently overwritten; locking keeps others out."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from editorial.setup import EDITORS
from pages.models import StandardPage
from tests.factories import body, create_page


@pytest.fixture
def editors(django_user_model):
    clients = []
    for name in ("aynur", "boris"):
        user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
        user.groups.add(Group.objects.get(name=EDITORS))
        client = Client()
        client.force_login(user)
        client.user = user
        clients.append(client)
    return clients


@pytest.fixture
def shared_page(home):
    return create_page(
        home,
        StandardPage,
        title={"az": "Ortaq səhifə", "en": "Shared page", "ru": "Общая страница"},
        slug={"az": "ortaq-sehife", "en": "shared-page", "ru": "obshhaya-stranica"},
        body={"az": body("az"), "en": body("en"), "ru": body("ru")},
    )


def form(page, english_text, loaded_revision):
    return nested_form_data(
        {
            "title_az": page.title_az,
            "title_en": page.title_en,
            "title_ru": page.title_ru,
            "slug_az": page.slug_az,
            "slug_en": page.slug_en,
            "slug_ru": page.slug_ru,
            "body_az": streamfield([("paragraph", rich_text("<p>az</p>"))]),
            "body_en": streamfield([("paragraph", rich_text(f"<p>{english_text}</p>"))]),
            "body_ru": streamfield([("paragraph", rich_text("<p>ru</p>"))]),
            "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
            "loaded_revision_id": loaded_revision.pk,
            "loaded_revision_created_at": loaded_revision.created_at.isoformat(),
        }
    )


def test_two_editors_saving_the_same_page_keep_both_revisions(editors, shared_page):
    url = reverse("wagtailadmin_pages:edit", args=[shared_page.pk])
    first, second = editors
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    loaded = shared_page.get_latest_revision()
    before = shared_page.revisions.count()

    assert first.post(url, form(shared_page, "Aynur's change", loaded)).status_code == 302
    assert second.post(url, form(shared_page, "Boris's change", loaded)).status_code == 302

    revisions = list(shared_page.revisions.order_by("created_at"))
    assert len(revisions) == before + 2
    texts = [str(revision.content.get("body_en")) for revision in revisions[-2:]]
    assert "Aynur's change" in texts[0] and "Boris's change" in texts[1]
    assert [revision.user.username for revision in revisions[-2:]] == ["aynur", "boris"]
    # Both versions stay in the history editors can compare and restore.
    history = first.get(reverse("wagtailadmin_pages:history", args=[shared_page.pk]))
    assert history.status_code == 200


def test_a_locked_page_cannot_be_saved_by_another_editor(editors, shared_page):
    first, second = editors
    lock = reverse("wagtailadmin_pages:lock", args=[shared_page.pk])
    assert first.post(lock).status_code == 302
    shared_page.refresh_from_db()
    assert shared_page.locked and shared_page.locked_by == first.user

    url = reverse("wagtailadmin_pages:edit", args=[shared_page.pk])
    loaded = shared_page.get_latest_revision()
    before = shared_page.revisions.count()
    response = second.post(url, form(shared_page, "Boris tries", loaded), follow=True)
    assert shared_page.revisions.count() == before
    assert response.status_code == 200
    assert "locked" in response.content.decode().lower()

    assert first.post(url, form(shared_page, "Aynur edits", loaded)).status_code == 302
    assert shared_page.revisions.count() == before + 1
