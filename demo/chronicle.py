"""Demo news and anniversary updates, 2023 to 2026, in az, en and ru.

Only what is general and certain: the anniversary falls on 26 February every year, and the
portal's own work. No events, people or quotations are invented.
"""

import datetime

from core.ordinals import anniversary_label, ordinal
from pages.models.site_settings import EVENT_DATE

YEARS = (2023, 2024, 2025, 2026)

NEWS_INDEX = {
    "title": {"az": "Xəbərlər", "en": "News", "ru": "Новости"},
    "slug": {"az": "xeberler", "en": "news", "ru": "novosti"},
    "intro": {
        "az": "Portalın və Xocalı faciəsinin anımı ilə bağlı xəbərlər, yenidən köhnəyə.",
        "en": "News of the portal and of the commemoration of Khojaly, newest first.",
        "ru": "Новости портала и памяти о Ходжалы, сначала новые.",
    },
    "search_description": {
        "az": "Xocalı xatirə portalının xəbərləri.",
        "en": "News of the Khojaly memorial portal.",
        "ru": "Новости мемориального портала Ходжалы.",
    },
}

ANNIVERSARY_INDEX = {
    "title": {"az": "İldönümləri", "en": "Anniversary updates", "ru": "Годовщины"},
    "slug": {"az": "ildonumleri", "en": "anniversaries", "ru": "godovshchiny"},
    "intro": {
        "az": "Xocalı faciəsinin ildönümü hər il fevralın 26-da anılır. "
        "Burada hər ilin anımı haqqında məlumatlar toplanır.",
        "en": "The anniversary of the Khojaly massacre is commemorated every year on "
        "26 February. Each year's commemoration is recorded here.",
        "ru": "Годовщину Ходжалинской трагедии вспоминают ежегодно 26 февраля. "
        "Здесь собраны сведения о памятных днях каждого года.",
    },
    "search_description": {
        "az": "Xocalı faciəsinin ildönümləri: hər ilin anımı.",
        "en": "Anniversaries of the Khojaly massacre, year by year.",
        "ru": "Годовщины Ходжалинской трагедии, год за годом.",
    },
}


def _p(*paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def anniversary_update(year: int) -> dict:
    number = year - EVENT_DATE.year
    az_year, az_n = ordinal(year, "az"), ordinal(number, "az")
    return {
        "commemoration_date": datetime.date(year, 2, 26),
        "title": {
            "az": f"Xocalı soyqırımının {az_n} ildönümü",
            "en": f"{anniversary_label(number, 'en').capitalize()} of the Khojaly massacre",
            "ru": f"{anniversary_label(number, 'ru')} Ходжалинской трагедии",
        },
        "slug": {
            "az": f"ildonumu-{year}",
            "en": f"anniversary-{year}",
            "ru": f"godovshchina-{year}",
        },
        "place": {"az": "Azərbaycan", "en": "Azerbaijan", "ru": "Азербайджан"},
        "summary": {
            "az": f"{az_year} il fevralın 26-sı Xocalı soyqırımının {az_n} ildönümü idi.",
            "en": f"26 February {year} was the {anniversary_label(number, 'en')} "
            "of the Khojaly massacre.",
            "ru": f"26 февраля {year} года — {anniversary_label(number, 'ru')} "
            "Ходжалинской трагедии.",
        },
        "body": {
            "az": _p(
                "1992-ci il fevralın 25-dən 26-na keçən gecə Xocalı ələ keçirildi və "
                "sakinlərin yüzlərlə nəfəri qaçarkən həlak oldu. Bu gecə Azərbaycanda hər il "
                "fevralın 26-da anılır.",
                f"Bu səhifədə redaktorlar {az_year} ilin anımı haqqında təsdiq edə bildikləri "
                "məlumatları toplayır. Hər məlumat mənbəyi ilə birlikdə verilir; portal "
                "mənbəyini göstərə bilmədiyi xəbərləri dərc etmir.",
            ),
            "en": _p(
                "In the night of 25 to 26 February 1992 Khojaly was overrun and hundreds of "
                "its residents were killed as they fled. In Azerbaijan that night is "
                "remembered every year on 26 February.",
                f"On this page the editors gather what they can confirm about the "
                f"commemoration of {year}. Each report is given with its source; the portal "
                "does not publish accounts it cannot attribute.",
            ),
            "ru": _p(
                "В ночь с 25 на 26 февраля 1992 года Ходжалы был захвачен, сотни его жителей "
                "погибли, пытаясь спастись. В Азербайджане эту ночь вспоминают ежегодно "
                "26 февраля.",
                f"На этой странице редакция собирает то, что может подтвердить о памятных "
                f"мероприятиях {year} года. Каждое сообщение приводится с источником; портал "
                "не публикует сведений, источник которых не может назвать.",
            ),
        },
    }


def anniversary_notice(year: int) -> dict:
    """A short news item a week before each anniversary."""
    number = year - EVENT_DATE.year
    az_year, az_n = ordinal(year, "az"), ordinal(number, "az")
    return {
        "date": datetime.date(year, 2, 19),
        "tags": ["anniversary"],
        "title": {
            "az": f"{az_year} il fevralın 26-sı: {az_n} ildönümü",
            "en": f"26 February {year}: the {anniversary_label(number, 'en')}",
            "ru": f"26 февраля {year} года: {anniversary_label(number, 'ru')}",
        },
        "slug": {
            "az": f"26-fevral-{year}",
            "en": f"26-february-{year}",
            "ru": f"26-fevralya-{year}",
        },
        "summary": {
            "az": f"Bir həftədən sonra, fevralın 26-da Xocalı soyqırımının {az_n} ildönümü "
            "anılacaq.",
            "en": f"In a week, on 26 February, the {anniversary_label(number, 'en')} of the "
            "Khojaly massacre is commemorated.",
            "ru": f"Через неделю, 26 февраля, — {anniversary_label(number, 'ru')} "
            "Ходжалинской трагедии.",
        },
        "body": {
            "az": _p(
                f"{az_year} il fevralın 26-da 1992-ci ilin həmin gecəsindən {number} il keçir. "
                "Anım günü haqqında təsdiqlənmiş məlumatlar «İldönümləri» bölməsində dərc "
                "olunacaq.",
            ),
            "en": _p(
                f"26 February {year} marks {number} years since that night in 1992. "
                "Confirmed reports of the day will be published in the Anniversary updates "
                "section.",
            ),
            "ru": _p(
                f"26 февраля {year} года — {anniversary_label(number, 'ru')} той ночи "
                "1992 года. Подтверждённые сведения о памятном дне будут опубликованы в "
                "разделе «Годовщины».",
            ),
        },
    }


PORTAL_NEWS = [
    {
        "date": datetime.date(2026, 11, 24),
        "tags": ["portal"],
        "title": {
            "az": "2002-ci il xatirə səhifəsi yeni portalda",
            "en": "The memorial page of 2002 moves to a new portal",
            "ru": "Мемориальная страница 2002 года переходит на новый портал",
        },
        "slug": {
            "az": "2002-ci-il-xatire-sehifesi",
            "en": "memorial-page-of-2002",
            "ru": "memorialnaya-stranica-2002-goda",
        },
        "summary": {
            "az": "2000-ci ildə yazılmış və 2002-ci ildə yenilənmiş xatirə səhifəsinin "
            "bölmələri indi üç dildə redaktə olunan portalda davam edir.",
            "en": "The sections of the memorial page written in 2000 and revised in 2002 now "
            "continue in a portal edited in three languages.",
            "ru": "Разделы мемориальной страницы, написанной в 2000 году и обновлённой в "
            "2002 году, теперь продолжаются на портале, который ведётся на трёх языках.",
        },
        "body": {
            "az": _p(
                "Köhnə səhifənin bölmələri saxlanılıb: xatirə məqaləsi, mənbələr, xəbərlər, "
                "xəritələr, keçidlər, sorğu və əlaqə. Mətnlər azərbaycan, ingilis və rus "
                "dillərində yazılır.",
            ),
            "en": _p(
                "The sections of the old page are kept: the memorial article, resources, "
                "news, maps, links, a poll and a contact form. Texts are written in "
                "Azerbaijani, English and Russian.",
            ),
            "ru": _p(
                "Разделы прежней страницы сохранены: мемориальная статья, материалы, "
                "новости, карты, ссылки, опрос и форма связи. Тексты пишутся на "
                "азербайджанском, английском и русском языках.",
            ),
        },
    },
    {
        "date": datetime.date(2026, 11, 25),
        "tags": ["feeds"],
        "title": {
            "az": "Xəbərləri RSS və Atom ilə izləyin",
            "en": "Follow the news by RSS and Atom",
            "ru": "Следите за новостями через RSS и Atom",
        },
        "slug": {"az": "rss-ve-atom", "en": "rss-and-atom", "ru": "rss-i-atom"},
        "summary": {
            "az": "Portalın xəbərləri hər dil üçün ayrıca RSS və Atom lentlərində dərc olunur.",
            "en": "The portal's news is published in RSS and Atom feeds, one for each "
            "language.",
            "ru": "Новости портала публикуются в лентах RSS и Atom, отдельно для каждого "
            "языка.",
        },
        "body": {
            "az": _p(
                "Lentlərin ünvanları xəbərlər səhifəsinin sonunda verilir. Hər lentdə "
                "xəbərlər seçdiyiniz dildədir.",
            ),
            "en": _p(
                "The addresses of the feeds are given at the foot of the news page. Each "
                "feed carries the news in the language you choose.",
            ),
            "ru": _p(
                "Адреса лент указаны внизу страницы новостей. В каждой ленте новости "
                "на выбранном вами языке.",
            ),
        },
    },
]


# The news tags as readers see them (pages.models.NewsTopic): a topic's name in each language.
TOPICS = {
    "anniversary": {"az": "İldönümü", "en": "Anniversary", "ru": "Годовщина"},
    "portal": {"az": "Portal", "en": "The portal", "ru": "Портал"},
    "feeds": {"az": "Xəbər lentləri", "en": "News feeds", "ru": "Ленты новостей"},
}


def news_items() -> list[dict]:
    return [anniversary_notice(year) for year in YEARS] + PORTAL_NEWS


def anniversary_updates() -> list[dict]:
    return [anniversary_update(year) for year in YEARS]
