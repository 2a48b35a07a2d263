from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from feedback.models import ANSWERS, COMMENT_MAX_LENGTH, PageFeedback

# The spam trap: a field people never see (feedback_fields.html) and form-filling robots fill in.
# It is read from the raw data, so a robot's post is recognised whatever else it sent.
TRAP_FIELD = "website"

PAGE_NOT_FOUND = _(
    "We could not find the page your feedback is about. It may have been moved or removed."
)


class FeedbackForm(forms.Form):
    # A page id that is missing, not a number or out of range is, for the reader, the same
    # problem as a page that has gone: one message.
    page = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            code: PAGE_NOT_FOUND for code in ("required", "invalid", "min_value", "max_value")
        },
    )
    useful = forms.TypedChoiceField(
        choices=[("yes" if value else "no", label) for value, label in ANSWERS],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if this page is useful, or no if it is not"),
            "invalid_choice": _("Select yes if this page is useful, or no if it is not"),
        },
    )
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "max_length": _("Your comment must be %(limit_value)s characters or fewer"),
        },
    )

    # The ids the public form gives each field, for the error summary's links.
    FIELD_IDS = {"useful": "feedback-useful", "comment": "feedback-comment"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback_page = None

    def clean_page(self):
        # A live page readers can reach: not the tree's root, which is "live" but never shown.
        page = (
            Page.objects.live()
            .filter(pk=self.cleaned_data["page"], depth__gt=1)
            .select_related("locale")
            .first()
        )
        if page is None:
            raise forms.ValidationError(PAGE_NOT_FOUND)
        self.feedback_page = page
        return page.pk

    @property
    def trap_filled(self):
        return bool(str(self.data.get(TRAP_FIELD, "")).strip())

    def error_list(self):
        """The errors in the order of the form, each with the id of the field to jump to. Without
        a page there is no form to correct, so only that error, which links nowhere."""
        if self.feedback_page is None:
            return [{"message": error, "anchor": None} for error in self.errors.get("page", [])]
        return [
            {"message": error, "anchor": self.FIELD_IDS[name]}
            for name in ("useful", "comment")
            for error in self.errors.get(name, [])
        ]

    def save(self):
        page = self.feedback_page
        return PageFeedback.objects.create(
            page=page,
            page_title=page.title[:255],
            language=page.locale.language_code,
            useful=self.cleaned_data["useful"],
            comment=self.cleaned_data["comment"],
        )
