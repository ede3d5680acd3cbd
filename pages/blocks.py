"""The one body StreamBlock every page type shares, and its parts."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
        help_text=_("Use section headings first; subsections only inside a section."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=250,
        help_text=_("Photographer, archive or source, as the rights holder asks."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        max_length=250,
        help_text=_("Who said or wrote it, and where. Quotations are always attributed."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "blocks/quote_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=250,
        help_text=_("Leave empty to use the document's own title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_block.html"


class GraphicContentBlock(blocks.StructBlock):
    """A passage or image readers see only after a warning, when they choose to reveal it."""

    warning = blocks.CharBlock(
        label=_("Warning"),
        required=False,
        max_length=250,
        help_text=_("Say what the material shows. Empty: a standard warning is shown."),
    )
    content = blocks.StreamBlock(
        [
            (
                "paragraph",
                blocks.RichTextBlock(
                    label=_("Paragraph"),
                    features=RICH_TEXT_FEATURES,
                    template="blocks/paragraph_block.html",
                ),
            ),
            ("image", CaptionedImageBlock()),
        ],
        label=_("Graphic material"),
    )

    class Meta:
        icon = "warning"
        label = _("Graphic content")
        template = "blocks/graphic_content_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    graphic = GraphicContentBlock()

    class Meta:
        label = _("Body")
