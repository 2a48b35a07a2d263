from .chapters import (
    CodeChapterPage,
    CodeOfPracticePage,
    CodeParagraphPage,
    CodeSectionPage,
    ParagraphPrinciple,
    ParagraphSector,
)
from .consultations import ConsultationPage
from .versions import ChapterVersion

__all__ = [
    "ChapterVersion",
    "CodeChapterPage",
    "CodeOfPracticePage",
    "CodeParagraphPage",
    "CodeSectionPage",
    "ConsultationPage",
    "ParagraphPrinciple",
    "ParagraphSector",
]
