"""The "no body in any language" warning after an admin save is said only when it is true
(issue 25, item 6): a news item published with a paragraph is not told it has no body."""

import datetime

import pytest
from django.urls import reverse

from pages.models import NewsIndexPage, NewsPage
from tests.admin_forms import post_data, rendered_form
from tests.factories import body, create_page

WARNING = "in any language: readers would find only its title"


def draft_news(text):
    return create_page(
        NewsIndexPage.objects.get(), NewsPage, publish=False,
        title={"az": "Anım günü", "en": "Day of remembrance", "ru": "День памяти"},
        slug={"az": "anim-gunu-x", "en": "day-of-remembrance-x", "ru": "den-pamyati-x"},
        date=datetime.date(2024, 2, 26),
        summary={"az": "Xülasə", "en": "Summary", "ru": "Кратко"},
        body={"az": body(text)} if text else [],
    )


def publish_through_the_admin(client, page):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = post_data(rendered_form(client, url), **{"action-publish": "publish"})
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    page.refresh_from_db()
    assert page.live
    return [str(message) for message in response.context["messages"]]


def test_a_news_item_published_with_a_paragraph_is_not_told_it_has_no_body(admin_client):
    page = draft_news("Xocalıda həlak olanların xatirəsi yad edildi.")
    said = publish_through_the_admin(admin_client, page)
    assert said and not any(WARNING in message for message in said), said


def test_a_news_item_published_without_a_body_is_told_so(admin_client):
    page = draft_news("")
    said = publish_through_the_admin(admin_client, page)
    assert any(WARNING in message for message in said), said


def contentstate(text):
    import json

    return json.dumps({"blocks": [{"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text,
                                   "inlineStyleRanges": [], "entityRanges": [], "data": {}}],
                       "entityMap": {}})


@pytest.mark.parametrize("text", ["Xocalıda həlak olanlar yad edildi.", ""])
def test_a_news_item_created_and_published_in_the_admin(admin_client, text):
    index = NewsIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["pages", "newspage", index.pk])
    paragraph = {"body_az-count": "1", "body_az-0-type": "paragraph", "body_az-0-deleted": "",
                 "body_az-0-order": "0", "body_az-0-id": "", "body_az-0-value": contentstate(text)}
    data = post_data(rendered_form(admin_client, url), **{
        "title_az": "Anım günü", "slug_az": "anim-gunu-y", "summary_az": "Xülasə",
        "date": "2024-02-26", "action-publish": "publish", **(paragraph if text else {})})
    response = admin_client.post(url, data, follow=True)
    said = [str(message) for message in response.context["messages"]]
    assert NewsPage.objects.get(slug_az="anim-gunu-y").live, said
    assert any(WARNING in message for message in said) is (not text), said


def test_a_live_item_given_a_paragraph_for_later_is_not_told_it_has_no_body(admin_client):
    """Publishing with a go-live time in the future keeps the published row as it was (without
    a body) until then: the warning reads what the editor saved, the latest revision."""
    page = draft_news("")
    page.save_revision().publish()
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    paragraph = {"body_az-count": "1", "body_az-0-type": "paragraph", "body_az-0-deleted": "",
                 "body_az-0-order": "0", "body_az-0-id": "",
                 "body_az-0-value": contentstate("Anım mərasimi sabah keçiriləcək.")}
    later = (datetime.datetime.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    data = post_data(rendered_form(admin_client, url),
                     **{"go_live_at": later, "action-publish": "publish", **paragraph})
    response = admin_client.post(url, data, follow=True)
    said = [str(message) for message in response.context["messages"]]
    assert any("scheduled" in message for message in said), said
    assert not any(WARNING in message for message in said), said
