from .chapters import (
    CodeChapterPage,
    CodeOfPracticePage,
    CodeParagraphPage,
    CodeSectionPage,
    ParagraphPrinciple,
    ParagraphSector,
)
from .consultations import ConsultationPage

__all__ = [
    "CodeChapterPage",
    "CodeOfPracticePage",
    "CodeParagraphPage",
    "CodeSectionPage",
    "ConsultationPage",
    "ParagraphPrinciple",
    "ParagraphSector",
]
