"""A chapter's versions: which was in force on a date, its neighbours, and what changed between
two (paragraphs added, removed and changed, by anchor key, with the changed words marked). Plain
functions, testable without a request."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from code_chapters.models.chapters import ChapterStatus

IN_FORCE_STATUSES = (ChapterStatus.IN_FORCE, ChapterStatus.SUPERSEDED)


def versions_of(chapter):
    """The chapter's versions in its own language (a Welsh chapter's versions are the Welsh
    translations of its English chapter's), oldest first; drafts last."""
    from code_chapters.models import ChapterVersion

    versions = ChapterVersion.objects.filter(
        locale_id=chapter.locale_id, chapter__translation_key=chapter.translation_key
    )
    return sorted(
        versions,
        key=lambda version: (version.in_force_from is None, version.in_force_from or 0, version.pk),
    )


def in_force_on(versions, day):
    """The version in force on `day`: from its first day to its last (`in_force_until`, the last
    day it was in force), both included; a version with no end is in force from its first day
    on. None when no version was in force that day."""
    for version in versions:
        if version.status not in IN_FORCE_STATUSES or version.in_force_from is None:
            continue
        if version.in_force_from <= day and (
            version.in_force_until is None or day <= version.in_force_until
        ):
            return version
    return None


def current_version(versions):
    in_force = [version for version in versions if version.status == ChapterStatus.IN_FORCE]
    return in_force[-1] if in_force else None


def neighbours(versions, version):
    """The previous and next versions in force, around `version`."""
    dated = [item for item in versions if item.in_force_from is not None]
    if version not in dated:
        return None, None
    position = dated.index(version)
    previous = dated[position - 1] if position > 0 else None
    following = dated[position + 1] if position + 1 < len(dated) else None
    return previous, following


@dataclass
class ParagraphChange:
    key: str
    number: str
    change: str  # "added", "removed" or "changed"
    words: str = ""  # marked-up text: the new text, or the changed words marked
    old_number: str = ""


@dataclass
class Comparison:
    older: object
    newer: object
    changes: list = field(default_factory=list)

    def of(self, change):
        return [item for item in self.changes if item.change == change]


def compare_versions(older, newer):
    """What changed from `older` to `newer`, paragraph by paragraph in the newer version's
    order, removed paragraphs last."""
    old = {block.value["key"]: block.value for block in older.paragraphs}
    new = {block.value["key"]: block.value for block in newer.paragraphs}
    changes = []
    for key, paragraph in new.items():
        if key not in old:
            changes.append(
                ParagraphChange(key, paragraph["number"], "added", escape(plain(paragraph)))
            )
        elif plain(old[key]) != plain(paragraph) or old[key]["kind"] != paragraph["kind"]:
            changes.append(
                ParagraphChange(
                    key,
                    paragraph["number"],
                    "changed",
                    marked_word_changes(plain(old[key]), plain(paragraph)),
                    old_number=old[key]["number"],
                )
            )
    for key, paragraph in old.items():
        if key not in new:
            changes.append(
                ParagraphChange(key, paragraph["number"], "removed", escape(plain(paragraph)))
            )
    return Comparison(older, newer, changes)


def plain(paragraph):
    return " ".join(strip_tags(str(paragraph["text"].source)).split())


def marked_word_changes(old_text, new_text):
    """`new_text` with deleted words in <del> and inserted ones in <ins>, each announced in words
    (visually hidden) so the change is not shown by colour or strike-through alone."""
    old_words, new_words = re.findall(r"\S+", old_text), re.findall(r"\S+", new_text)
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(new_words[b_start:b_end])))
            continue
        if op in ("delete", "replace"):
            out.append(
                f'<del><span class="govuk-visually-hidden">{escape(_("removed:"))} </span>'
                f"{escape(' '.join(old_words[a_start:a_end]))}</del>"
            )
        if op in ("insert", "replace"):
            out.append(
                f'<ins><span class="govuk-visually-hidden">{escape(_("added:"))} </span>'
                f"{escape(' '.join(new_words[b_start:b_end]))}</ins>"
            )
    return mark_safe(" ".join(out))  # noqa: S308 - every part is escaped


def version_context(chapter, params):
    """What the chapter page shows for its query string: the chapter as it stood on a date
    (`?date=YYYY-MM-DD`), one version (`?version=<id>`), or two compared (`?compare=<id>,<id>`);
    otherwise the current text and the list of versions. Bad values are a 404 in the reader's
    language."""
    import datetime

    from django.http import Http404

    versions = versions_of(chapter)
    by_id = {str(version.pk): version for version in versions}
    dated = [version for version in versions if version.in_force_from is not None]
    context = {
        "versions": versions,
        "version_rows": [
            (version, dated[dated.index(version) - 1] if version in dated[1:] else None)
            for version in versions
        ],
        "version_view": False,
    }
    if "compare" in params:
        ids = params["compare"].split(",")
        if len(ids) != 2 or not all(pk in by_id for pk in ids) or ids[0] == ids[1]:
            raise Http404(_("There are no such versions of this chapter to compare."))
        older, newer = sorted((by_id[pk] for pk in ids), key=versions.index)
        context.update(version_view=True, comparison=compare_versions(older, newer))
        return context
    shown = None
    if "date" in params:
        try:
            day = datetime.date.fromisoformat(params["date"])
        except ValueError:
            raise Http404(_("Give the date as year-month-day, for example 2024-10-01.")) from None
        shown = in_force_on(versions, day)
        context.update(version_view=True, requested_date=day)
    elif "version" in params:
        shown = by_id.get(params["version"])
        if shown is None:
            raise Http404(_("There is no such version of this chapter."))
        context["version_view"] = True
    if shown is not None:
        previous, following = neighbours(versions, shown)
        context.update(
            shown_version=shown,
            is_current=shown == current_version(versions),
            previous_version=previous,
            next_version=following,
        )
    return context
