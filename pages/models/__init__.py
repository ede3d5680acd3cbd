"""Page types, one module per section of the site."""

from pages.models.anniversaries import (
    AnniversaryGalleryImage,
    AnniversaryIndexPage,
    AnniversaryUpdatePage,
)
from pages.models.home import HomePage
from pages.models.memorial import MemorialArticlePage
from pages.models.news import NewsIndexPage, NewsPage, NewsPageTag
from pages.models.site_settings import PortalSettings
from pages.models.standard import StandardPage

__all__ = [
    "AnniversaryGalleryImage",
    "AnniversaryIndexPage",
    "AnniversaryUpdatePage",
    "HomePage",
    "MemorialArticlePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "PortalSettings",
    "StandardPage",
]
