"""Field-level translation: every page type is registered, even without fields of its own."""

from modeltranslation.translator import TranslationOptions, register

from pages.models import (
    ContactFormField,
    ContactPage,
    HomePage,
    MemorialArticlePage,
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


@register(ContactPage)
class ContactPageTR(TranslationOptions):
    fields = ("intro", "thank_you_text")


@register(ContactFormField)
class ContactFormFieldTR(TranslationOptions):
    fields = ("label", "help_text", "choices", "default_value")
