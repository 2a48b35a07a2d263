"""Blocks for the sector toolkit: roles, aims, actions (optionally tagged with principles) and the
building blocks of resources (questions to ask, statistics, strategy priorities)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from cms.blocks import BodyBlock


class RoleBlock(blocks.CharBlock):
    class Meta:
        icon = "user"
        template = "toolkit/blocks/list_item.html"
        label = _("Corporate parent")
        preview_value = "directors of social services"


class AimBlock(blocks.TextBlock):
    class Meta:
        icon = "pick"
        template = "toolkit/blocks/list_item.html"
        label = _("Aim")
        preview_value = "Be able to identify all care-experienced children and young people."


class ActionBlock(blocks.StructBlock):
    """Something a corporate parent in the sector can do. Editors may tag it with the principles
    it serves; the principle's page then lists it."""

    text = blocks.TextBlock(label=_("What you can do"))
    principles = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="toolkit.PrinciplePage"),
        required=False,
        default=[],
        label=_("Principles this action serves"),
    )

    class Meta:
        icon = "tick"
        template = "toolkit/blocks/action.html"
        label = _("Action")
        preview_value = {
            "text": "Make sure that staff working in housing services understand their additional "
            "responsibilities to care-experienced children and young people, and care leavers.",
            "principles": [],
        }


class QuestionGroupBlock(blocks.StructBlock):
    audience = blocks.CharBlock(label=_("Who the questions are about"))
    items = blocks.ListBlock(blocks.TextBlock(label=_("Question")), label=_("Questions"))

    class Meta:
        icon = "help"
        template = "toolkit/blocks/question_group.html"
        label = _("Questions to ask")
        preview_value = {"audience": "Care leavers", "items": ["How many go on to University?"]}


class StatisticBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Figure"), help_text=_("As the source gives it, e.g. 27%."))
    label = blocks.TextBlock(label=_("What the figure counts"))
    period = blocks.CharBlock(required=False, label=_("Period"))
    source_note = blocks.CharBlock(required=False, label=_("Data source"))

    class Meta:
        icon = "table"
        template = "toolkit/blocks/statistic.html"
        label = _("Statistic")
        preview_value = {
            "figure": "6,846",
            "label": "children were looked after on the 31st March 2019",
            "period": "2019",
            "source_note": "Looked After Children Census data",
        }


class PriorityBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(min_value=1, label=_("Number"))
    title = blocks.CharBlock(label=_("Priority"))

    class Meta:
        icon = "order"
        template = "toolkit/blocks/priority.html"
        label = _("Priority")
        preview_value = {"number": 1, "title": "Improving emotional well-being and physical health"}


class ResourceBodyBlock(BodyBlock):
    questions = QuestionGroupBlock()
    statistic = StatisticBlock()
    priority = PriorityBlock()

    class Meta:
        template = "toolkit/blocks/resource_body.html"
