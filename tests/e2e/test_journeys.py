"""A reader's whole visit in each language, clicking and typing as a person would.

Home → memorial article → the same article in another language → news → a news item →
anniversary timeline → resources filtered by kind → maps (with and without JavaScript) → links →
search from the header → vote in the poll → the contact form's thank-you page.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LANGUAGES, run_axe

# What a reader of each language sees and types: menu entries, labels, buttons, answers.
READER = {
    "az": {
        "home": "Ana səhifə",
        "article": "Xocalı soyqırımı: 25–26 fevral 1992",
        "menu_article": "Xocalı soyqırımı",  # the menu's short label
        "news": "Xəbərlər",
        "news_item": "2025-ci il fevralın 26-sı: 33-cü ildönümü",
        "anniversaries": "İldönümləri",
        "anniversary": "Xocalı soyqırımının 32-ci ildönümü",
        "resources": "Mənbələr",
        "kind": "Növ",
        "report": "Hesabat",
        "show": "Göstər",
        "maps": "Xəritələr",
        "places": "Yerlər",
        "place": "Xocalı",
        "links": "Keçidlər",
        "search_label": "Portalda axtar",
        "search_button": "Axtar",
        "search_word": "soyqırımı",
        "poll": "Sorğu",
        "choice": "Bu portaldan",
        "vote": "Səs ver",
        "voted": "Təşəkkür edirik: səsiniz nəzərə alındı.",
        "results": "Nəticələr",
        "contact": "Əlaqə",
        "name": "Adınız",
        "email": "E-poçt ünvanınız",
        "subject": "Mövzu",
        "subject_choice": "Mənbə",
        "message": "Mesajınız",
        "message_text": "Salam. Ailəmizin xatirələrini paylaşmaq istəyirəm.",
        "send": "Göndər",
        "thanks": "Təşəkkür edirik. Mesajınız redaktorlara çatdırıldı.",
    },
    "en": {
        "home": "Home",
        "article": "The Khojaly massacre, 25–26 February 1992",
        "menu_article": "The Khojaly massacre",  # the menu's short label
        "news": "News",
        "news_item": "26 February 2025: the 33rd anniversary",
        "anniversaries": "Anniversary updates",
        "anniversary": "32nd anniversary of the Khojaly massacre",
        "resources": "Resources",
        "kind": "Kind",
        "report": "Report",
        "show": "Show",
        "maps": "Maps",
        "places": "Places",
        "place": "Khojaly",
        "links": "Links",
        "search_label": "Search the portal",
        "search_button": "Search",
        "search_word": "massacre",
        "poll": "Poll",
        "choice": "From this portal",
        "vote": "Vote",
        "voted": "Thank you: your vote has been counted.",
        "results": "Results",
        "contact": "Contact",
        "name": "Your name",
        "email": "Your email address",
        "subject": "Subject",
        "subject_choice": "Source",
        "message": "Your message",
        "message_text": "Hello. I would like to share my family's memories.",
        "send": "Send",
        "thanks": "Thank you. Your message has reached the editors.",
    },
    "ru": {
        "home": "Главная",
        "article": "Ходжалинская трагедия, 25–26 февраля 1992 года",
        "menu_article": "Ходжалинская трагедия",  # the menu's short label
        "news": "Новости",
        "news_item": "26 февраля 2025 года: 33-я годовщина",
        "anniversaries": "Годовщины",
        "anniversary": "32-я годовщина Ходжалинской трагедии",
        "resources": "Материалы",
        "kind": "Вид",
        "report": "Доклад",
        "show": "Показать",
        "maps": "Карты",
        "places": "Места",
        "place": "Ходжалы",
        "links": "Ссылки",
        "search_label": "Поиск по порталу",
        "search_button": "Поиск",
        "search_word": "трагедии",
        "poll": "Опрос",
        "choice": "С этого портала",
        "vote": "Голосовать",
        "voted": "Спасибо: ваш голос учтён.",
        "results": "Результаты",
        "contact": "Связь с редакцией",
        "name": "Ваше имя",
        "email": "Ваш адрес электронной почты",
        "subject": "Тема",
        "subject_choice": "Источник",
        "message": "Ваше сообщение",
        "message_text": "Здравствуйте. Хочу поделиться воспоминаниями нашей семьи.",
        "send": "Отправить",
        "thanks": "Спасибо. Ваше сообщение получено редакцией.",
    },
}
NATIVE = {"az": "Azərbaycanca", "en": "English", "ru": "Русский"}


# The names of the main menu and of the language switcher.
NAVIGATION = {
    "az": ("Əsas menyu", "Dil"),
    "en": ("Main", "Language"),
    "ru": ("Главное меню", "Язык"),
}


def menu(page, name):
    """Follow an entry of the main menu, named in the page's own language, opening "More"
    first when the entry is under it."""
    language = page.locator("html").get_attribute("lang")
    navigation = page.get_by_role("navigation", name=NAVIGATION[language][0], exact=True)
    link = navigation.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        navigation.locator(".main-nav__more summary").click()
    link.click()


def switch_language(page, language):
    current = page.locator("html").get_attribute("lang")
    switcher = page.get_by_role("navigation", name=NAVIGATION[current][1], exact=True)
    switcher.get_by_role("link", name=NATIVE[language]).click()


def heading(page, name):
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_reader_journey(new_context, language):
    words = READER[language]
    other = "en" if language != "en" else "ru"
    context = new_context()
    page = context.new_page()

    # Home, then the memorial article from the menu.
    page.goto(f"/{language}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    menu(page, words["menu_article"])
    heading(page, words["article"])
    article_url = page.url

    # The language switcher lands on the same article in the other language, and back.
    switch_language(page, other)
    expect(page.locator("html")).to_have_attribute("lang", other)
    heading(page, READER[other]["article"])
    switch_language(page, language)
    page.wait_for_url(article_url)
    heading(page, words["article"])

    # News, a news item.
    menu(page, words["news"])
    heading(page, words["news"])
    page.get_by_role("main").get_by_role("link", name=words["news_item"]).click()
    heading(page, words["news_item"])

    # The anniversary timeline, years as headings, an update from it.
    menu(page, words["anniversaries"])
    heading(page, words["anniversaries"])
    for year in ("2023", "2024", "2025", "2026"):
        expect(page.get_by_role("heading", level=2, name=re.compile(year))).to_be_visible()
    page.get_by_role("link", name=words["anniversary"]).click()
    heading(page, words["anniversary"])

    # Resources filtered by kind with the GET form: only reports remain.
    menu(page, words["resources"])
    items = page.locator(".resource-list__item")
    expect(items).to_have_count(4)
    page.get_by_label(words["kind"]).select_option(label=words["report"])
    page.get_by_role("button", name=words["show"]).click()
    page.wait_for_url(re.compile(r"[?&]kind=report"))
    expect(items).to_have_count(2)
    for kind in items.locator(".resource-kind").all_inner_texts():
        assert kind.casefold() == words["report"].casefold()
    expect(page.get_by_label(words["kind"])).to_have_value("report")

    # Maps: Leaflet draws a marker for every listed place (no tile server is configured).
    menu(page, words["maps"])
    places = page.get_by_role("list", name=words["places"]).get_by_role("listitem")
    expect(places).to_have_count(3)
    expect(page.locator("#places-map")).to_be_visible()
    expect(page.locator("#places-map .leaflet-marker-icon")).to_have_count(3)
    marker = page.locator(f"#places-map .leaflet-marker-icon[title='{words['place']}']")
    expect(marker).to_be_visible()
    maps_url = page.url

    # Links.
    menu(page, words["links"])
    heading(page, words["links"])
    assert page.get_by_role("main").get_by_role("link").count() >= 3

    # Search from the header's form, in the reader's language.
    header = page.get_by_role("banner")
    header.get_by_label(words["search_label"]).fill(words["search_word"])
    header.get_by_role("button", name=words["search_button"]).click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    expect(page.locator("html")).to_have_attribute("lang", language)
    results = page.locator(".search-result__title")
    expect(results.first).to_be_visible()
    assert any(
        words["search_word"].casefold()[:5] in title.casefold()
        for title in results.all_inner_texts()
    )
    assert run_axe(page) == [], page.url

    # The poll: choose, vote, see the thank-you and the results with bars.
    menu(page, words["poll"])
    page.get_by_label(words["choice"]).check()
    page.get_by_role("button", name=words["vote"]).click()
    expect(page.get_by_role("status")).to_contain_text(words["voted"])
    expect(page.get_by_role("heading", name=words["results"])).to_be_visible()
    bar = page.get_by_role("meter", name=words["choice"])
    expect(bar).to_be_visible()
    assert float(bar.get_attribute("value")) > 0
    expect(page.get_by_role("button", name=words["vote"])).to_have_count(0)
    assert run_axe(page) == [], page.url

    # The contact form, then its thank-you page.
    menu(page, words["contact"])
    page.get_by_label(words["name"]).fill("Aysel")
    page.get_by_label(words["email"]).fill("aysel@example.org")
    page.get_by_label(words["subject"]).select_option(label=words["subject_choice"])
    page.get_by_label(words["message"]).fill(words["message_text"])
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_role("status")).to_contain_text(words["thanks"])
    assert run_axe(page) == [], page.url

    # Without JavaScript the map stays hidden and the list of places is all there.
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto(maps_url)
    expect(plain.locator("#places-map")).to_be_hidden()
    places = plain.get_by_role("list", name=words["places"]).get_by_role("listitem")
    expect(places).to_have_count(3)
    expect(places.first).to_contain_text(words["place"])
    expect(places.first).to_contain_text("39.91")
