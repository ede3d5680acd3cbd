"""The footnote's texts per language: a note added in az is missing in en and ru until
translated (translations.state reads a page's cluster children)."""

from modeltranslation.translator import TranslationOptions, register

from citations.models import Footnote


@register(Footnote)
class FootnoteTR(TranslationOptions):
    fields = ("reference", "locator", "quotation")
