"""Editors publish news (with tags) and anniversary updates (with a gallery) in three languages."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages.models import AnniversaryIndexPage, AnniversaryUpdatePage, NewsIndexPage, NewsPage
from tests.factories import image


@pytest.mark.parametrize(
    "model, markers",
    [
        (NewsPage, ["summary", "main_image_alt", "title", "slug"]),
        (AnniversaryUpdatePage, ["place", "summary", "title", "slug"]),
        (NewsIndexPage, ["intro"]),
        (AnniversaryIndexPage, ["intro"]),
    ],
)
def test_edit_view_shows_every_language(admin_client, model, markers):
    page = model.objects.first()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in markers:
        for code in ("az", "en", "ru"):
            assert f'name="{name}_{code}"' in html, (name, code)


def test_editor_publishes_a_tagged_news_item(admin_client, client):
    index = NewsIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["pages", "newspage", index.pk])
    data = nested_form_data(
        {
            "title_az": "Yeni xəbər", "title_en": "Fresh news", "title_ru": "Свежая новость",
            "slug_az": "yeni-xeber", "slug_en": "fresh-news", "slug_ru": "svezhaya-novost",
            "date": "2030-02-26",
            "summary_az": "Qısa", "summary_en": "Short", "summary_ru": "Кратко",
            "body_az": streamfield([("paragraph", rich_text("<p>Mətn.</p>"))]),
            "body_en": streamfield([]),
            "body_ru": streamfield([]),
            "tags": "Editors",
            "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = NewsPage.objects.get(slug_en="fresh-news")
    assert page.live and [tag.name for tag in page.tags.all()] == ["Editors"]
    html = client.get("/ru/novosti/", {"tag": "editors"}).content.decode()
    assert "Свежая новость" in html


def test_editor_publishes_an_update_with_a_gallery(admin_client, client):
    index = AnniversaryIndexPage.objects.get()
    picture = image("flowers", 480, 300)
    url = reverse("wagtailadmin_pages:add", args=["pages", "anniversaryupdatepage", index.pk])
    data = nested_form_data(
        {
            "title_az": "Anım 2030", "title_en": "Commemoration 2030", "title_ru": "Память 2030",
            "slug_az": "anim-2030", "slug_en": "commemoration-2030", "slug_ru": "pamyat-2030",
            "commemoration_date": "2030-02-26",
            "place_az": "Bakı", "place_en": "Baku", "place_ru": "Баку",
            "summary_az": "Qısa", "summary_en": "Short", "summary_ru": "Кратко",
            "body_az": streamfield([]), "body_en": streamfield([]), "body_ru": streamfield([]),
            "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
            "gallery_images": inline_formset(
                [{"image": picture.pk, "alt_text_az": "Güllər", "alt_text_en": "Flowers",
                  "alt_text_ru": "Цветы", "caption_az": "", "caption_en": "", "caption_ru": ""}]
            ),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = AnniversaryUpdatePage.objects.get(slug_en="commemoration-2030")
    html = client.get("/en/anniversaries/commemoration-2030/").content.decode()
    assert "38th anniversary" in html and 'alt="Flowers"' in html
    assert page.gallery_images.count() == 1
