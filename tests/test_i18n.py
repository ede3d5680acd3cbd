"""Languages: prefixes, the Accept-Language redirect, the switcher, hreflang, fallback, 404."""

import re

import pytest

from core.slugs import slugify
from pages.models import StandardPage
from tests.conftest import LANGUAGES
from tests.factories import body, create_page

TITLES = {
    "home": {"az": "Xocalını xatırlayırıq", "en": "Remembering Khojaly", "ru": "Помним Ходжалы"},
    "memorial": {
        "az": "Xocalı soyqırımı: 25–26 fevral 1992",
        "en": "The Khojaly massacre, 25–26 February 1992",
        "ru": "Ходжалинская трагедия, 25–26 февраля 1992 года",
    },
    "about": {"az": "Portal haqqında", "en": "About the portal", "ru": "О портале"},
}


def page_url(page, language):
    from django.utils import translation

    with translation.override(language):
        return page.get_url()


def hreflangs(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["home", "memorial", "about"])
def test_each_page_renders_in_each_language(client, request, name, language):
    page = request.getfixturevalue(name)
    url = page_url(page, language)
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert TITLES[name][language] in html
    alternates = hreflangs(html)
    assert set(alternates) == {"az", "en", "ru", "x-default"}
    for code in LANGUAGES:
        assert alternates[code] == f"http://testserver{page_url(page, code)}"
    assert alternates["x-default"] == alternates["az"]
    assert f'<link rel="canonical" href="http://testserver{url}">' in html


def preview_types():
    from tests.test_query_budgets import page_types

    return page_types()


@pytest.mark.parametrize("model", preview_types(), ids=lambda model: model.__name__)
def test_every_page_type_previews_in_each_language_as_a_preview(model):
    """The editor's preview in each language (the preview mode), through Wagtail's own preview
    request: routable pages (news index, maps, the names register, testimonies) too."""
    from tests.test_query_budgets import SYNTHETIC

    page = model.objects.live().first() or SYNTHETIC[model.__name__]()
    for language in LANGUAGES:
        response = page.make_preview_request(preview_mode=language)
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{language}"' in html
        assert getattr(page, f"title_{language}") in html
        # Known as a preview to the middleware: the admin may frame it, no cache keeps it.
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
        assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_leads_to_the_same_page_in_the_other_language(client, memorial, language):
    html = client.get(page_url(memorial, language)).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    links = dict(re.findall(r'<a href="([^"]+)" lang="(\w+)"', switcher))
    targets = {code: href for href, code in links.items()}
    assert set(targets) == set(LANGUAGES)
    assert "Azərbaycanca" in switcher and "English" in switcher and "Русский" in switcher
    for code, href in targets.items():
        assert href == page_url(memorial, code)
        target = client.get(href)
        assert target.status_code == 200
        assert TITLES["memorial"][code] in target.content.decode()


def test_translated_slugs_are_readable(memorial):
    assert page_url(memorial, "az") == "/az/xocali-soyqirimi/"
    assert page_url(memorial, "en") == "/en/khojaly-massacre/"
    assert page_url(memorial, "ru") == "/ru/xodzhalinskaya-tragediya/"


@pytest.mark.parametrize(
    "header, expected",
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("az", "/az/"),
        ("fr-FR,de;q=0.8", "/az/"),
        ("", "/az/"),
    ],
)
def test_root_redirects_to_the_browsers_language(client, header, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    "language, heading",
    [("az", "Səhifə tapılmadı"), ("en", "Page not found"), ("ru", "Страница не найдена")],
)
def test_unknown_page_gives_the_404_page_in_the_readers_language(client, language, heading):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html


def test_unknown_language_prefix_ends_on_a_404_page(client):
    response = client.get("/fr/", HTTP_ACCEPT_LANGUAGE="ru", follow=True)
    assert response.status_code == 404
    assert '<html lang="ru"' in response.content.decode()
    assert "Страница не найдена" in response.content.decode()


@pytest.fixture
def untranslated(home):
    """A page written only in Azerbaijani."""
    return create_page(
        home,
        StandardPage,
        title={"az": "Yalnız Azərbaycan dilində"},
        body={"az": body("Bu mətn hələ tərcümə olunmayıb.")},
    )


@pytest.mark.parametrize(
    "language, notice",
    [
        (
            "en",
            "This text has not yet been translated into your language; it is shown in Azerbaijani.",
        ),
        ("ru", "Этот текст ещё не переведён на ваш язык; он показан на азербайджанском."),
    ],
)
def test_missing_translation_falls_back_with_a_notice(client, untranslated, language, notice):
    response = client.get(page_url(untranslated, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert notice in html
    assert '<h1 lang="az">Yalnız Azərbaycan dilində</h1>' in html
    assert '<div class="prose" lang="az">' in html
    assert "Bu mətn hələ tərcümə olunmayıb." in html


def test_no_notice_when_the_page_is_translated(client, memorial):
    html = client.get(page_url(memorial, "en")).content.decode()
    assert "notice--language" not in html


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Şəhidlər Xiyabanı", "sehidler-xiyabani"),
        ("İlk gün: Ağdam yolu", "ilk-gun-agdam-yolu"),
        ("Çöl, Üzüm, Göy", "col-uzum-goy"),
        ("Аллея шехидов", "alleya-shexidov"),
        ("Ходжалинская трагедия", "xodzhalinskaya-tragediya"),
    ],
)
def test_slugs_from_azerbaijani_and_cyrillic_titles_are_readable(text, slug):
    assert slugify(text) == slug


def test_typed_cyrillic_slug_is_transliterated_on_save(home):
    page = create_page(
        home,
        StandardPage,
        title={"az": "Sınaq", "en": "Test", "ru": "Проверка"},
        slug={"az": "sinaq", "en": "test", "ru": "проверка"},
    )
    assert page.slug_ru == "proverka"
    assert page_url(page, "ru") == "/ru/proverka/"


@pytest.mark.parametrize(
    "language, expected",
    [("az", "26 fevral 1992"), ("en", "26 February 1992"), ("ru", "26 февраля 1992")],
)
def test_dates_are_written_as_readers_write_them_on_the_local_day(language, expected):
    import datetime

    from django.template import engines
    from django.utils import timezone, translation

    template = engines["django"].from_string("{% load portal_tags %}{{ day|long_date }}")
    # 21:30 UTC on the 25th is already the 26th in Baku (UTC+4).
    evening = datetime.datetime(1992, 2, 25, 21, 30, tzinfo=datetime.UTC)
    with translation.override(language):
        assert template.render({"day": datetime.date(1992, 2, 26)}) == expected
        assert template.render({"day": evening}) == expected
        assert template.render({"day": None}) == ""
    assert timezone.get_current_timezone_name() == "Asia/Baku"


# -- the admin speaks one language (issue 25, Build 3) -----------------------------------------
def test_the_admin_speaks_only_languages_wagtail_speaks(settings):
    assert [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == ["en", "ru"]


def test_an_azerbaijani_browser_gets_the_admin_in_english_throughout(client, django_user_model):
    """Wagtail has no Azerbaijani catalogue: an admin page would be half the portal's
    Azerbaijani and half Wagtail's English. It is English, Wagtail's words and the
    workbench's alike."""
    from pages.models import MemorialArticlePage

    user = django_user_model.objects.create_superuser("aysel", "a@example.org", "pw")
    client.force_login(user)
    page = MemorialArticlePage.objects.get()
    html = client.get(f"/admin/pages/{page.pk}/edit/", HTTP_ACCEPT_LANGUAGE="az").content.decode()
    assert '<html lang="en"' in html
    assert "Unfinished translations" in html and "Yarımçıq tərcümələr" not in html
    assert "Save draft" in html


def test_a_russian_admin_is_russian_throughout(client, django_user_model):
    from wagtail.users.models import UserProfile

    from pages.models import MemorialArticlePage

    user = django_user_model.objects.create_superuser("olga2", "o@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ru"
    profile.save()
    client.force_login(user)
    page = MemorialArticlePage.objects.get()
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert '<html lang="ru"' in html
    assert "Незаконченные переводы" in html and "Unfinished translations" not in html
    assert "Save draft" not in html
    assert "Сохранить черновик" in html
