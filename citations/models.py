"""The sources a page cites: footnotes kept with the page (a cluster child, so drafts,
revisions, previews and the translation states carry them), each found in the text by its key.

An editor links words to ``#note-<key>`` (a note) or ``#figure-<key>`` (a number tied to its
sources) with the rich-text editor's anchor link; :mod:`citations.notes` turns those links into
numbered notes for readers. Page types only name the relation, ``InlinePanel("footnotes")``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable


class Footnote(Orderable):
    """One source behind words of a page: a resource page, a source of the names register, or
    a free-text reference with an optional address; with a page or section and a quotation."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="footnotes")
    key = models.SlugField(
        _("Key"),
        max_length=40,
        allow_unicode=False,
        help_text=_(
            "A short name for this note, in Latin letters, digits and hyphens (for example "
            "“toll”). In the text, link the words to the anchor “note-” followed by the key; "
            "for a figure, to “figure-” followed by the key. Give several sources the same "
            "key to cite them together."
        ),
    )
    resource = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Resource page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A page of the portal describing the source (a resource), if there is one."),
    )
    source = models.ForeignKey(
        "remembrance.Source",
        verbose_name=_("Source of the names register"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reference = models.TextField(
        _("Reference"),
        blank=True,
        help_text=_(
            "When the source has no page here: author, title, publisher, date, as it should "
            "be cited."
        ),
    )
    url = models.URLField(_("Web address"), blank=True, max_length=500)
    locator = models.CharField(
        _("Page or section"), max_length=100, blank=True, help_text=_("For example “p. 12”.")
    )
    quotation = models.TextField(
        _("Quotation"), blank=True, help_text=_("The words of the source that state the fact.")
    )

    panels = [
        FieldPanel("key"),
        PageChooserPanel("resource"),
        FieldPanel("source"),
        FieldPanel("reference"),
        FieldRowPanel([FieldPanel("url"), FieldPanel("locator")]),
        FieldPanel("quotation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Source cited")
        verbose_name_plural = _("Sources cited")

    def __str__(self):
        return self.key

    def clean(self):
        super().clean()
        from modeltranslation.utils import build_localized_fieldname

        from core import i18n

        written = self.resource_id or self.source_id or self.url or any(
            (getattr(self, build_localized_fieldname("reference", code), "") or "").strip()
            for code in i18n.language_codes()
        )
        if not written:
            raise ValidationError(
                _("Choose a resource page or a source of the names register, or write a "
                  "reference.")
            )
