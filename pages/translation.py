"""Field-level translation: every page type is registered, even without fields of its own."""

from modeltranslation.translator import TranslationOptions, register

from pages.models import (
    AnniversaryGalleryImage,
    AnniversaryIndexPage,
    AnniversaryUpdatePage,
    ContactFormField,
    ContactPage,
    HomePage,
    Link,
    LinkGroup,
    LinksPage,
    MapImage,
    MapPage,
    MemorialArticlePage,
    NewsIndexPage,
    NewsPage,
    NewsTopic,
    Place,
    PortalSettings,
    ResourceDocument,
    ResourceIndexPage,
    ResourcePage,
    Route,
    StandardPage,
)
from pages.models.base import BasePage


# Every page type inherits it (registered before any of them: modeltranslation wants the base
# first).
@register(BasePage)
class BasePageTR(TranslationOptions):
    fields = ("translation_unfinished",)


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro", "body")


@register(MemorialArticlePage)
class MemorialArticlePageTR(TranslationOptions):
    fields = ("lead", "hero_image_alt", "body")


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("body",)


@register(PortalSettings)
class PortalSettingsTR(TranslationOptions):
    fields = ("site_name", "tagline", "footer_text")


@register(ContactPage)
class ContactPageTR(TranslationOptions):
    fields = ("intro", "thank_you_text")


@register(ContactFormField)
class ContactFormFieldTR(TranslationOptions):
    fields = ("label", "help_text", "choices", "default_value")
# Resources, links and maps (issue 3).
@register(ResourceIndexPage)
class ResourceIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(ResourcePage)
class ResourcePageTR(TranslationOptions):
    fields = ("summary", "body", "media")


@register(ResourceDocument)
class ResourceDocumentTR(TranslationOptions):
    fields = ("title",)


@register(LinksPage)
class LinksPageTR(TranslationOptions):
    fields = ("intro",)


@register(LinkGroup)
class LinkGroupTR(TranslationOptions):
    fields = ("title",)


@register(Link)
class LinkTR(TranslationOptions):
    fields = ("title", "description")


@register(MapPage)
class MapPageTR(TranslationOptions):
    fields = ("intro",)


@register(MapImage)
class MapImageTR(TranslationOptions):
    fields = ("alt_text", "caption")


@register(Place)
class PlaceTR(TranslationOptions):
    fields = ("name", "description")


@register(Route)
class RouteTR(TranslationOptions):
    fields = ("title", "description")
@register(NewsIndexPage)
class NewsIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(NewsPage)
class NewsPageTR(TranslationOptions):
    fields = ("summary", "body", "main_image_alt")


@register(NewsTopic)
class NewsTopicTR(TranslationOptions):
    fields = ("name",)


@register(AnniversaryIndexPage)
class AnniversaryIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(AnniversaryUpdatePage)
class AnniversaryUpdatePageTR(TranslationOptions):
    fields = ("place", "summary", "body")


@register(AnniversaryGalleryImage)
class AnniversaryGalleryImageTR(TranslationOptions):
    fields = ("alt_text", "caption")
