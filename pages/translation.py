"""Field-level translation: every page type is registered, even without fields of its own."""

from modeltranslation.translator import TranslationOptions, register

from pages.models import (
    AnniversaryGalleryImage,
    AnniversaryIndexPage,
    AnniversaryUpdatePage,
    HomePage,
    MemorialArticlePage,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    StandardPage,
)


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


@register(NewsIndexPage)
class NewsIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(NewsPage)
class NewsPageTR(TranslationOptions):
    fields = ("summary", "body", "main_image_alt")


@register(AnniversaryIndexPage)
class AnniversaryIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(AnniversaryUpdatePage)
class AnniversaryUpdatePageTR(TranslationOptions):
    fields = ("place", "summary", "body")


@register(AnniversaryGalleryImage)
class AnniversaryGalleryImageTR(TranslationOptions):
    fields = ("alt_text", "caption")
