"""Page types, one module per section of the site."""

from pages.models.contact import ContactFormField, ContactPage
from pages.models.home import HomePage
from pages.models.memorial import MemorialArticlePage
from pages.models.site_settings import PortalSettings
from pages.models.standard import StandardPage

__all__ = [
    "ContactFormField",
    "ContactPage",
    "HomePage",
    "MemorialArticlePage",
    "PortalSettings",
    "StandardPage",
]
