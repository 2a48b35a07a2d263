"""PDF downloads of sector and chapter pages, at /en/pdf/<id>/ and /cy/pdf/<id>/ (cms.pdf)."""

from django.urls import path

from cms import pdf

urlpatterns = [
    path("pdf/<int:page_id>/", pdf.page_pdf, name="page_pdf"),
]
