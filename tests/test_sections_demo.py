"""The demo content fills resources, links and maps in three languages, once."""

import io

from django.core.management import call_command

from pages.models import Link, LinksPage, MapPage, Place, ResourcePage, RoutePoint


def counts():
    return (
        ResourcePage.objects.count(),
        Link.objects.count(),
        Place.objects.count(),
        RoutePoint.objects.count(),
    )


def test_sections_are_filled_in_three_languages():
    assert ResourcePage.objects.live().count() == 4
    for page in ResourcePage.objects.all():
        for code in ("az", "en", "ru"):
            assert getattr(page, f"title_{code}") and getattr(page, f"summary_{code}")
    links = Link.objects.all()
    assert links.count() == 3
    assert all(link.title_az and link.title_en and link.title_ru for link in links)
    assert LinksPage.objects.get().live and MapPage.objects.get().live
    places = Place.objects.all()
    assert {place.name_en for place in places} == {"Khojaly", "Aghdam", "Khankendi"}
    assert all(place.name_az and place.name_ru and place.description_ru for place in places)


def test_the_route_is_marked_approximate_and_attributed():
    route = MapPage.objects.get().routes.get()
    assert route.approximate
    assert "As described by the 2002 memorial page" in route.description_en
    assert [(float(p.latitude), float(p.longitude)) for p in route.points.all()] == [
        (39.91, 46.79),
        (39.99, 46.93),
    ]


def test_second_run_adds_no_sections_twice():
    before = counts()
    call_command("load_demo_content", stdout=io.StringIO())
    assert counts() == before
