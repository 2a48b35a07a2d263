"""Body blocks shared by every page type: headings, paragraphs and lists."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        label = _("Heading")
        preview_value = "What is corporate parenting?"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/paragraph.html"
        label = _("Paragraph")
        preview_value = "<p>Corporate parenting is not restricted to local authorities.</p>"


class ListBlock(blocks.StructBlock):
    """A bulleted list with an optional lead-in sentence, kept as data rather than rich text so
    that each item is its own translation segment."""

    intro = blocks.CharBlock(required=False, label=_("Lead-in sentence"))
    items = blocks.ListBlock(blocks.TextBlock(label=_("Item")), label=_("Items"))

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/list.html"
        label = _("List")
        preview_value = {
            "intro": "Before signing up, think about how you could adopt the principles when:",
            "items": [
                "delivering your existing services and support",
                "planning or commissioning new services",
            ],
        }


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    list = ListBlock()

    class Meta:
        template = "cms/blocks/body.html"
