"""Demo content for the remembrance section.

It invents no victim, witness or quotation: the register and the testimonies start empty with
their explanations, and the timeline carries only the dated facts of the 2002 memorial page,
attributed to it.
"""

import datetime
import uuid

from django.utils import translation
from wagtail.models import Page

from demo.builder import create_page, translated
from remembrance.models import NamesRegisterPage, Source, TestimoniesIndexPage, TimelinePage

SEED_CITATION = (
    "Khojaly massacre: memorial page, written 26 February 2000 for the 8th anniversary of "
    "the Khojaly tragedy, last edited 23 February 2002."
)

REGISTER = {
    "title": {"az": "Adlar reyestri", "en": "Names register", "ru": "Реестр имён"},
    "slug": {"az": "adlar-reyestri", "en": "names", "ru": "reestr-imyon"},
    "intro": {
        "az": "<p>Reyestr 1992-ci il fevralın 25–26-da Xocalıda həlak olan, itkin düşən, "
        "girov götürülən və sonradan azad edilən insanların adlarını toplayır. Hər qeyd "
        "onu təsdiq edən mənbələrlə birlikdə verilir və redaktorlar mənbələrlə "
        "yoxladıqdan sonra dərc olunur.</p><p>Reyestr hələ boşdur: təsdiqlənmiş qeydlər "
        "əlavə olunduqca burada görünəcək. Bir adı və ya düzəlişi təklif etmək üçün "
        "aşağıdakı formadan istifadə edin.</p>",
        "en": "<p>The register gathers the names of the people who were killed, went "
        "missing, were taken hostage or were later released in Khojaly on 25–26 February "
        "1992. Each record comes with the sources that attest it and is published only "
        "once editors have checked it against them.</p><p>The register is still empty: "
        "verified records will appear here as they are added. To propose a name or a "
        "correction, use the form below.</p>",
        "ru": "<p>Реестр собирает имена людей, которые погибли, пропали без вести, были "
        "взяты в заложники или позднее освобождены в Ходжалы 25–26 февраля 1992 года. "
        "Каждая запись приводится вместе с подтверждающими её источниками и публикуется "
        "только после того, как редакторы сверят её с ними.</p><p>Пока реестр пуст: "
        "проверенные записи будут появляться здесь по мере добавления. Чтобы предложить "
        "имя или исправление, воспользуйтесь формой ниже.</p>",
    },
    "contribution_intro": {
        "az": "Təklifləri redaktorlar oxuyur və mənbələrlə yoxlayır; lazım olduqda sizinlə "
        "əlaqə saxlayırlar.",
        "en": "Editors read each proposal and check it against sources; they contact you if "
        "they need to.",
        "ru": "Редакторы читают каждое предложение и сверяют его с источниками; при "
        "необходимости они свяжутся с вами.",
    },
}

TESTIMONIES = {
    "title": {"az": "Şahid ifadələri", "en": "Testimonies", "ru": "Свидетельства"},
    "slug": {"az": "sahid-ifadeleri", "en": "testimonies", "ru": "svidetelstva"},
    "intro": {
        "az": "<p>Bu bölmədə sağ qalanların və şahidlərin ifadələri yazıları və üç dildə "
        "mətnləri ilə birlikdə dərc olunacaq. İfadələr yalnız şahidin razılığı ilə "
        "dərc edilir; şahid istəsə, adı göstərilmir. Hələ heç bir ifadə dərc olunmayıb.</p>",
        "en": "<p>This section will publish the testimonies of survivors and witnesses, with "
        "their recordings and transcripts in three languages. A testimony is published only "
        "with the witness's consent, and anonymously if the witness asks. No testimony has "
        "been published yet.</p>",
        "ru": "<p>В этом разделе будут публиковаться свидетельства выживших и очевидцев — "
        "записи и их расшифровки на трёх языках. Свидетельство публикуется только с "
        "согласия свидетеля, а по его просьбе — анонимно. Пока ни одно свидетельство не "
        "опубликовано.</p>",
    },
}

TIMELINE = {
    "title": {"az": "Xronologiya", "en": "Timeline", "ru": "Хронология"},
    "slug": {"az": "xronologiya", "en": "timeline", "ru": "xronologiya"},
    "intro": {
        "az": "Hadisələr tarix ardıcıllığı ilə. Hər tarix mənbəyi ilə verilir; hələlik "
        "yeganə mənbə 2002-ci il xatirə səhifəsidir.",
        "en": "The events in date order. Each date is given with its source; for now the "
        "only source is the 2002 memorial page.",
        "ru": "События в порядке дат. Каждая дата приводится с источником; пока "
        "единственный источник — мемориальная страница 2002 года.",
    },
}

# Each event's texts per language; the date, its precision and the sources are the same in
# every language's stream of events (translations.stream_sync).
EVENTS = [
    {
        "date": datetime.date(1992, 2, 25),
        "precision": "day",
        "date_label": {
            "az": "25–26 fevral 1992-ci il gecəsi",
            "en": "Night of 25–26 February 1992",
            "ru": "Ночь с 25 на 26 февраля 1992 года",
        },
        "title": {
            "az": "Xocalıya hücum",
            "en": "The assault on Khojaly",
            "ru": "Нападение на Ходжалы",
        },
        "description": {
            "az": "2002-ci il xatirə səhifəsinə görə, şəhər gecə hücuma məruz "
            "qaldı; sakinlər Ağdama doğru qaçarkən yolda atəşə tutuldular.",
            "en": "According to the 2002 memorial page, the town was attacked "
            "during the night; residents fleeing towards Aghdam came under fire on the way.",
            "ru": "По данным мемориальной страницы 2002 года, город подвергся "
            "нападению ночью; жители, бежавшие в сторону Агдама, попали по дороге под обстрел.",
        },
    },
    {
        "date": datetime.date(2000, 2, 26),
        "precision": "day",
        "title": {
            "az": "Xatirə səhifəsi yazılır",
            "en": "The memorial page is written",
            "ru": "Написана мемориальная страница",
        },
        "description": {
            "az": "Faciənin səkkizinci ildönümündə; bu portal onun davamıdır.",
            "en": "On the eighth anniversary of the tragedy; this portal continues it.",
            "ru": "К восьмой годовщине трагедии; этот портал продолжает её.",
        },
    },
    {
        "date": datetime.date(2002, 2, 23),
        "precision": "day",
        "title": {
            "az": "Xatirə səhifəsi sonuncu dəfə yenilənir",
            "en": "The memorial page is last edited",
            "ru": "Мемориальная страница обновлена в последний раз",
        },
    },
]
EVENT_TEXTS = ("date_label", "title", "description")


def event_streams(source) -> dict:
    """{language: its stream of events as stored}, one block per event with the same id in
    every language."""
    streams = {code: [] for code in EVENTS[0]["title"]}
    for event in EVENTS:
        ident = str(uuid.uuid4())
        for code, stream in streams.items():
            value = {"date": event["date"].isoformat(), "precision": event["precision"],
                     "sources": [source.pk]}
            value.update({text: event.get(text, {}).get(code, "") for text in EVENT_TEXTS})
            stream.append({"type": "event", "id": ident, "value": value})
    return streams


def seed_source():
    """The 2002 page as a source, linked to its resource page so readers see it cited in their
    language (citations.citation)."""
    from pages.models import ResourcePage

    source = Source.objects.filter(citation=SEED_CITATION).first()
    if source is None:
        source = Source.objects.create(citation=SEED_CITATION)
    if source.page_id is None:
        source.page = ResourcePage.objects.filter(
            **translated("slug", {"en": "memorial-page-2002"})).first()
        if source.page is not None:
            source.save(update_fields=["page"])
    return source


def build(home, created: list) -> None:
    """Add what is missing; a second run changes nothing."""
    if not NamesRegisterPage.objects.exists():
        page = create_page(home, NamesRegisterPage, show_in_menus=True, **REGISTER)
        created.append(page.title)
    if not TestimoniesIndexPage.objects.exists():
        page = create_page(home, TestimoniesIndexPage, show_in_menus=True, **TESTIMONIES)
        created.append(page.title)
    source_slug = {"az": TIMELINE["slug"]["az"]}
    if not TimelinePage.objects.child_of(home).filter(**translated("slug", source_slug)).exists():
        source = seed_source()
        timeline = create_page(home, TimelinePage, events=event_streams(source), **TIMELINE)
        created.append(timeline.title)
        link_from_memorial(timeline)


def link_from_memorial(timeline):
    from pages.models import MemorialArticlePage

    memorial = MemorialArticlePage.objects.first()
    if memorial is None or memorial.timeline_id:
        return
    with translation.override("az"):
        memorial.timeline = Page.objects.get(pk=timeline.pk)
        memorial.save_revision().publish()
