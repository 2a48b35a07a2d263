"""Limits on what editors upload. Wagtail checks an image's type and size
(WAGTAILIMAGES_EXTENSIONS, WAGTAILIMAGES_MAX_UPLOAD_SIZE) and a document's type
(WAGTAILDOCS_EXTENSIONS), but has no limit on a document's size: this form adds it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from wagtail.documents.forms import BaseDocumentForm


def check_document_size(uploaded):
    limit = getattr(settings, "DOCUMENT_MAX_UPLOAD_SIZE", None)
    if uploaded is not None and limit and uploaded.size > limit:
        raise ValidationError(
            _("This file is %(size)s; documents may be up to %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )


class LimitedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        check_document_size(uploaded)
        return uploaded
