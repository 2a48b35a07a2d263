from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

CODE = "code"


def topic_choices(language):
    """The code of practice, then each live sector, named in `language`; the value is the English
    sector page's id, the same in both languages."""
    from toolkit.models import SectorPage

    locale = Locale.objects.filter(language_code=language).first()
    english = {
        page.translation_key: page for page in SectorPage.objects.filter(locale__language_code="en")
    }
    shown = SectorPage.objects.live().filter(locale=locale).order_by("path") if locale else []
    return [(CODE, _("The code of practice"))] + [
        (str(english[page.translation_key].pk), page.title)
        for page in shown
        if page.translation_key in english
    ]


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    topic = forms.ChoiceField(
        error_messages={
            "required": _("Select what you want updates about"),
            "invalid_choice": _("Select what you want updates about"),
        },
    )

    FIELD_IDS = {"email": "alerts-email", "topic": "alerts-topic"}

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices(language)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def sector_id(self):
        topic = self.cleaned_data["topic"]
        return None if topic == CODE else int(topic)

    def error_list(self):
        return [
            {"message": error, "anchor": self.FIELD_IDS[name]}
            for name in ("email", "topic")
            for error in self.errors.get(name, [])
        ]
