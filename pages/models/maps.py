"""Maps: map images, and places and routes drawn with Leaflet, listed in the HTML and as GeoJSON."""

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import path
from wagtail.models import Orderable
from wagtail.search import index

from core import i18n
from pages.models.base import BasePage, RoutableBasePage

# Editors' text in the GeoJSON with <, > and & as JSON escapes: the data stays the same, but
# no browser or proxy that mistakes the file for HTML could find markup in it.
HTML_SAFE_JSON = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class HTMLSafeJSONEncoder(DjangoJSONEncoder):
    def encode(self, o):
        return super().encode(o).translate(HTML_SAFE_JSON)


LATITUDE_MESSAGE = _("Latitude must be between -90 and 90 degrees.")
LONGITUDE_MESSAGE = _("Longitude must be between -180 and 180 degrees.")


def latitude_field():
    return models.DecimalField(
        _("Latitude"),
        max_digits=8,
        decimal_places=6,
        validators=[
            MinValueValidator(Decimal(-90), message=LATITUDE_MESSAGE),
            MaxValueValidator(Decimal(90), message=LATITUDE_MESSAGE),
        ],
        help_text=_("Decimal degrees, north positive (Khojaly is about 39.91)."),
    )


def longitude_field():
    return models.DecimalField(
        _("Longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[
            MinValueValidator(Decimal(-180), message=LONGITUDE_MESSAGE),
            MaxValueValidator(Decimal(180), message=LONGITUDE_MESSAGE),
        ],
        help_text=_("Decimal degrees, east positive (Khojaly is about 46.79)."),
    )


def degrees(value) -> str:
    """39.910000 → "39.91"."""
    text = format(Decimal(value).normalize(), "f")
    return text


class PlaceKind(models.TextChoices):
    SETTLEMENT = "settlement", _("Town or village")
    MEMORIAL = "memorial", _("Memorial")
    CEMETERY = "cemetery", _("Cemetery")
    EVENT = "event", _("Place of the events")
    OTHER = "other", _("Other place")


class MapPage(RoutableBasePage):
    intro = models.TextField(
        _("Introduction"),
        blank=True,
        help_text=_("What the maps show, and how exact they are."),
    )

    translated_content_fields = ("title", "intro")
    main_text_field = "intro"
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/map_page.html"

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        InlinePanel("map_images", label=_("Map image"), heading=_("Map images")),
        InlinePanel("places", label=_("Place"), heading=_("Places on the map")),
        InlinePanel("routes", label=_("Route"), heading=_("Routes on the map")),
    ]

    class Meta:
        verbose_name = _("Map page")

    def get_places(self):
        return Place.objects.filter(page=self).order_by("sort_order", "pk")

    def get_routes(self):
        return (
            Route.objects.filter(page=self)
            .order_by("sort_order", "pk")
            .prefetch_related(
                Prefetch("points", queryset=RoutePoint.objects.order_by("sort_order", "pk"))
            )
        )

    def get_map_images(self):
        return MapImage.objects.filter(page=self).select_related("image").order_by("sort_order")

    def geojson(self):
        """Places as Points and routes as LineStrings, texts in the active language."""
        features = [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(place.longitude), float(place.latitude)],
                },
                "properties": {
                    "kind": place.kind,
                    "kind_label": str(place.kind_label()),
                    "name": place.name,
                    "description": place.description,
                },
            }
            for place in self.get_places()
        ]
        for route in self.get_routes():
            points = list(route.points.all())
            if len(points) < 2:
                continue  # A line needs two points; the list in the HTML still shows it.
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [
                            [float(point.longitude), float(point.latitude)] for point in points
                        ],
                    },
                    "properties": {
                        "kind": "route",
                        "name": route.title,
                        "description": route.description,
                        "approximate": route.approximate,
                    },
                }
            )
        return {"type": "FeatureCollection", "features": features}

    # Wagtail serves page paths made of [\w-]+/ segments, so the route has no file suffix.
    @path("geojson/", name="geojson")
    def places_geojson(self, request):
        response = JsonResponse(
            self.geojson(), encoder=HTMLSafeJSONEncoder, content_type="application/geo+json",
            json_dumps_params={
                "ensure_ascii": False
            }
        )
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["places"] = self.get_places()
        context["routes"] = self.get_routes()
        context["map_images"] = self.get_map_images()
        context["geojson_url"] = self.get_url(request) + self.reverse_subpage("geojson")
        context["tile_url"] = settings.PORTAL_MAP_TILE_URL
        context["tile_attribution"] = settings.PORTAL_MAP_TILE_ATTRIBUTION
        return context


class MapImage(Orderable):
    """A scanned or drawn map, shown as an image with a link to the full size."""

    page = ParentalKey(MapPage, on_delete=models.CASCADE, related_name="map_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("Alternative text"),
        max_length=250,
        help_text=_("Describe what the map shows for readers who cannot see it."),
    )
    caption = models.CharField(_("Caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("Credit"),
        max_length=250,
        blank=True,
        help_text=_("Who made the map or holds its rights, as they ask to be named."),
    )

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption"),
              FieldPanel("credit")]

    class Meta(Orderable.Meta):
        verbose_name = _("Map image")
        verbose_name_plural = _("Map images")


class Place(Orderable):
    page = ParentalKey(MapPage, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("Name"), max_length=250)
    description = models.TextField(_("Description"), blank=True)
    kind = models.CharField(
        _("Kind"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.SETTLEMENT
    )
    latitude = latitude_field()
    longitude = longitude_field()

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Place")
        verbose_name_plural = _("Places")

    def __str__(self):
        return self.name

    def kind_label(self):
        return i18n.choice_label(PlaceKind, self.kind)

    @property
    def latitude_display(self):
        return degrees(self.latitude)

    @property
    def longitude_display(self):
        return degrees(self.longitude)


class Route(ClusterableModel, Orderable):
    page = ParentalKey(MapPage, on_delete=models.CASCADE, related_name="routes")
    title = models.CharField(_("Title"), max_length=250)
    description = models.TextField(
        _("Description"),
        blank=True,
        help_text=_("What the line shows and where that comes from."),
    )
    approximate = models.BooleanField(
        _("Approximate"),
        default=True,
        help_text=_("Readers are told the line shows a direction, not an exact path."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("approximate"),
        InlinePanel("points", label=_("Point"), heading=_("Points, in order"), min_num=2),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Route")
        verbose_name_plural = _("Routes")

    def __str__(self):
        return self.title


class RoutePoint(Orderable):
    route = ParentalKey(Route, on_delete=models.CASCADE, related_name="points")
    latitude = latitude_field()
    longitude = longitude_field()

    panels = [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])]

    class Meta(Orderable.Meta):
        verbose_name = _("Point")
        verbose_name_plural = _("Points")

    @property
    def latitude_display(self):
        return degrees(self.latitude)

    @property
    def longitude_display(self):
        return degrees(self.longitude)
