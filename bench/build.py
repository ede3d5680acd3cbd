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
    have = NewsPage.objects.child_of(news_index).filter(slug_en__startswith="bench-").count()
    if have < COUNTS["news"]:
        tags = [Tag.objects.get_or_create(name=name, slug=name)[0]
                for name in ("xocali", "memory", "anniversary", "diaspora", "justice")]
        batch = add_children(news_index, [
            NewsPage(
                title_az=f"Anım tədbiri № {n}", title_en=f"Commemoration event No. {n}",
                title_ru=f"Траурное мероприятие № {n}",
                slug_az=f"bench-anim-{n}", slug_en=f"bench-event-{n}",
                slug_ru=f"bench-meropriyatie-{n}",
                summary_az="Xocalı qurbanlarının xatirəsi yad edildi.",
                summary_en="The victims of Khojaly were remembered.",
                summary_ru="Почтили память жертв Ходжалы.",
                body_az=body("az"), body_en=body("en"), body_ru=body("ru"),
                date=datetime.date(2026, 1, 1) - datetime.timedelta(days=n),
                main_image=picture if n % 2 == 0 else None,
                main_image_alt_az="Abidə", main_image_alt_en="The memorial",
                main_image_alt_ru="Мемориал",
            )
            for n in range(have, COUNTS["news"])
        ])
        NewsPageTag.objects.bulk_create(
            [NewsPageTag(content_object=page, tag=tags[i % len(tags)])
             for i, page in enumerate(batch)], batch_size=500)
        created += batch

    anniversaries = AnniversaryIndexPage.objects.get()
    have = AnniversaryUpdatePage.objects.child_of(anniversaries).filter(
        slug_en__startswith="bench-").count()
    if have < COUNTS["anniversaries"]:
        batch = add_children(anniversaries, [
            AnniversaryUpdatePage(
                title_az=f"İldönümü anması {n}", title_en=f"Anniversary commemoration {n}",
                title_ru=f"Годовщина: память {n}",
                slug_az=f"bench-ildonumu-{n}", slug_en=f"bench-anniversary-{n}",
                slug_ru=f"bench-godovshchina-{n}",
                commemoration_date=datetime.date(1993 + n % 33, 2, 26),
                place_az="Bakı", place_en="Baku", place_ru="Баку",
                summary_az="Anım mərasimi.", summary_en="A ceremony of remembrance.",
                summary_ru="Траурная церемония.",
                body_az=body("az"), body_en=body("en"), body_ru=body("ru"),
            )
            for n in range(have, COUNTS["anniversaries"])
        ])
        if picture is not None:
            AnniversaryGalleryImage.objects.bulk_create([
                AnniversaryGalleryImage(page=page, image=picture, alt_text_az="Abidə",
                                        alt_text_en="The memorial", alt_text_ru="Мемориал",
                                        sort_order=0)
                for page in batch
            ])
        created += batch

    resources = ResourceIndexPage.objects.get()
    have = ResourcePage.objects.child_of(resources).filter(slug_en__startswith="bench-").count()
    if have < COUNTS["resources"]:
        created += add_children(resources, [
            ResourcePage(
                title_az=f"Mənbə {n}", title_en=f"Source {n}", title_ru=f"Источник {n}",
                slug_az=f"bench-menbe-{n}", slug_en=f"bench-source-{n}",
                slug_ru=f"bench-istochnik-{n}",
                kind=("book", "article", "report")[n % 3], authors="Bench Author",
                publisher="Bench Publisher",
                publication_date=datetime.date(1993, 1, 1) + datetime.timedelta(days=7 * n),
                original_language=("az", "en", "ru")[n % 3],
                summary_az="Qısa təsvir.", summary_en="A short description.",
                summary_ru="Краткое описание.",
            )
            for n in range(have, COUNTS["resources"])
        ])

    links_page = LinksPage.objects.get()
    group, _created = LinkGroup.objects.get_or_create(
        page=links_page, title_az="Digər anım saytları",
        defaults={"title_en": "Other commemorations", "title_ru": "Другие памятные сайты",
                  "sort_order": 100})
    have = Link.objects.filter(group=group).count()
    Link.objects.bulk_create([
        Link(group=group, title_az=f"Keçid {n}", title_en=f"Link {n}", title_ru=f"Ссылка {n}",
             url=f"https://example.org/bench/{n}", sort_order=n)
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
