"""Page types, one module per section of the site."""

from pages.models.anniversaries import (
    AnniversaryGalleryImage,
    AnniversaryIndexPage,
    AnniversaryUpdatePage,
)
from pages.models.contact import ContactFormField, ContactPage
from pages.models.home import HomePage
from pages.models.links import Link, LinkGroup, LinksPage
from pages.models.maps import MapImage, MapPage, Place, PlaceKind, Route, RoutePoint
from pages.models.memorial import MemorialArticlePage
from pages.models.news import NewsIndexPage, NewsPage, NewsPageTag, NewsTopic
from pages.models.resources import (
    ResourceDocument,
    ResourceIndexPage,
    ResourceKind,
    ResourceLanguage,
    ResourcePage,
)
from pages.models.site_settings import PortalSettings
from pages.models.standard import StandardPage

__all__ = [
    "AnniversaryGalleryImage",
    "AnniversaryIndexPage",
    "AnniversaryUpdatePage",
    "ContactFormField",
    "ContactPage",
    "HomePage",
    "Link",
    "LinkGroup",
    "LinksPage",
    "MapImage",
    "MapPage",
    "MemorialArticlePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "NewsTopic",
    "Place",
    "PlaceKind",
    "PortalSettings",
    "ResourceDocument",
    "ResourceIndexPage",
    "ResourceKind",
    "ResourceLanguage",
    "ResourcePage",
    "Route",
    "RoutePoint",
    "StandardPage",
]
