"""The benchmark's large site: the demo content plus thousands of pages, built in bulk.

2,000 news items, 300 anniversary updates, 1,000 resources and 200 links, each in az, en and
ru, inserted with demo.bulk (tree rows written directly, no revisions) and indexed for
search in bulk. Idempotent: a second run adds nothing. Run through bench/run.py.
"""

import datetime
import os
import sys
import time

import django
from django.conf import settings

COUNTS = {"news": 2000, "anniversaries": 300, "resources": 1000, "links": 200}

PARAGRAPHS = {
    "az": "<p>Xocalı faciəsinin ildönümü ilə bağlı tədbir keçirildi. İştirakçılar "
          "həlak olanların xatirəsini ehtiramla yad etdilər və abidəyə gül dəstələri qoydular."
          "</p>",
    "en": "<p>A commemoration was held for the anniversary of the Khojaly tragedy. Those "
          "present honoured the memory of the victims and laid flowers at the memorial.</p>",
    "ru": "<p>Состоялось мероприятие, посвящённое годовщине Ходжалинской трагедии. Участники "
          "почтили память погибших и возложили цветы к мемориалу.</p>",
}


def body(code):
    from demo.builder import stream

    return stream([("paragraph", PARAGRAPHS[code])] * 4)


def per_language(**texts) -> dict:
    """Constructor arguments from {field: {language: text}}: each language's column
    (modeltranslation's, named by demo.builder.translated)."""
    from demo.builder import translated

    found = {}
    for field, values in texts.items():
        found.update(translated(field, values))
    return found


def bodies() -> dict:
    return {code: body(code) for code in PARAGRAPHS}


def main():
    from taggit.models import Tag
    from wagtail.images.models import Image

    from demo.bulk import add_children, index_pages
    from pages.models import (
        AnniversaryGalleryImage,
        AnniversaryIndexPage,
        AnniversaryUpdatePage,
        Link,
        LinkGroup,
        LinksPage,
        NewsIndexPage,
        NewsPage,
        NewsPageTag,
        ResourceIndexPage,
        ResourcePage,
    )

    started = time.monotonic()
    created = []
    picture = Image.objects.order_by("pk").first()

    news_index = NewsIndexPage.objects.get()
    # Every language's slug of a bench page starts with "bench-" (the active language's is read).
    have = NewsPage.objects.child_of(news_index).filter(slug__startswith="bench-").count()
    if have < COUNTS["news"]:
        tags = [Tag.objects.get_or_create(name=name, slug=name)[0]
                for name in ("xocali", "memory", "anniversary", "diaspora", "justice")]
        batch = add_children(news_index, [
            NewsPage(
                **per_language(
                    title={"az": f"Anım tədbiri № {n}", "en": f"Commemoration event No. {n}",
                           "ru": f"Траурное мероприятие № {n}"},
                    slug={"az": f"bench-anim-{n}", "en": f"bench-event-{n}",
                          "ru": f"bench-meropriyatie-{n}"},
                    summary={"az": "Xocalı qurbanlarının xatirəsi yad edildi.",
                             "en": "The victims of Khojaly were remembered.",
                             "ru": "Почтили память жертв Ходжалы."},
                    body=bodies(),
                    main_image_alt={"az": "Abidə", "en": "The memorial", "ru": "Мемориал"},
                ),
                date=datetime.date(2026, 1, 1) - datetime.timedelta(days=n),
                main_image=picture if n % 2 == 0 else None,
            )
            for n in range(have, COUNTS["news"])
        ])
        NewsPageTag.objects.bulk_create(
            [NewsPageTag(content_object=page, tag=tags[i % len(tags)])
             for i, page in enumerate(batch)], batch_size=500)
        created += batch

    anniversaries = AnniversaryIndexPage.objects.get()
    have = AnniversaryUpdatePage.objects.child_of(anniversaries).filter(
        slug__startswith="bench-").count()
    if have < COUNTS["anniversaries"]:
        batch = add_children(anniversaries, [
            AnniversaryUpdatePage(
                **per_language(
                    title={"az": f"İldönümü anması {n}",
                           "en": f"Anniversary commemoration {n}",
                           "ru": f"Годовщина: память {n}"},
                    slug={"az": f"bench-ildonumu-{n}", "en": f"bench-anniversary-{n}",
                          "ru": f"bench-godovshchina-{n}"},
                    place={"az": "Bakı", "en": "Baku", "ru": "Баку"},
                    summary={"az": "Anım mərasimi.", "en": "A ceremony of remembrance.",
                             "ru": "Траурная церемония."},
                    body=bodies(),
                ),
                commemoration_date=datetime.date(1993 + n % 33, 2, 26),
            )
            for n in range(have, COUNTS["anniversaries"])
        ])
        if picture is not None:
            AnniversaryGalleryImage.objects.bulk_create([
                AnniversaryGalleryImage(
                    page=page, image=picture, sort_order=0,
                    **per_language(alt_text={"az": "Abidə", "en": "The memorial",
                                             "ru": "Мемориал"}))
                for page in batch
            ])
        created += batch

    resources = ResourceIndexPage.objects.get()
    have = ResourcePage.objects.child_of(resources).filter(slug__startswith="bench-").count()
    if have < COUNTS["resources"]:
        created += add_children(resources, [
            ResourcePage(
                **per_language(
                    title={"az": f"Mənbə {n}", "en": f"Source {n}", "ru": f"Источник {n}"},
                    slug={"az": f"bench-menbe-{n}", "en": f"bench-source-{n}",
                          "ru": f"bench-istochnik-{n}"},
                    summary={"az": "Qısa təsvir.", "en": "A short description.",
                             "ru": "Краткое описание."},
                ),
                kind=("book", "article", "report")[n % 3], authors="Bench Author",
                publisher="Bench Publisher",
                publication_date=datetime.date(1993, 1, 1) + datetime.timedelta(days=7 * n),
                original_language=settings.LANGUAGES[n % len(settings.LANGUAGES)][0],
            )
            for n in range(have, COUNTS["resources"])
        ])

    links_page = LinksPage.objects.get()
    group_titles = per_language(title={"az": "Digər anım saytları",
                                       "en": "Other commemorations",
                                       "ru": "Другие памятные сайты"})
    source_title = next(iter(group_titles))  # the first language's column finds the group
    group, _created = LinkGroup.objects.get_or_create(
        page=links_page, **{source_title: group_titles.pop(source_title)},
        defaults={**group_titles, "sort_order": 100})
    have = Link.objects.filter(group=group).count()
    Link.objects.bulk_create([
        Link(group=group, url=f"https://example.org/bench/{n}", sort_order=n,
             **per_language(title={"az": f"Keçid {n}", "en": f"Link {n}", "ru": f"Ссылка {n}"}))
        for n in range(have, COUNTS["links"])
    ])

    if created:
        index_pages(created)
    # Fresh statistics after bulk inserts, or PostgreSQL plans for an empty table.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built {len(created)} pages in {time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    django.setup()
    main()
