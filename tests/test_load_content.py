"""load_content is idempotent, keeps editors' changes, and refuses a malformed data file with a
message naming the file, line, item and reason, leaving the database as it was."""

import shutil
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Page, Revision

import pytest

from cms.models import SourceDocument

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

pytestmark = pytest.mark.django_db


def counts():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        SourceDocument.objects.count(),
        sorted(Page.objects.values_list("title", flat=True)),
    )


@pytest.fixture
def content_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def run(*args, **options):
    call_command("load_content", *args, verbosity=0, **options)


def test_every_data_file_cites_its_sources():
    text = (CONTENT_DIR / "sources.yaml").read_text()
    for seed in ("000_", "001_", "002_", "003_", "004_"):
        assert seed in text


def test_a_second_run_changes_nothing():
    before = counts()
    run()
    assert counts() == before


def test_a_changed_data_file_updates_just_that_page(content_copy):
    from toolkit.models import PrinciplePage

    toolkit_file = content_copy / "toolkit.yaml"
    original = "Support care-experienced children and young people to have the same life chances"
    text = toolkit_file.read_text()
    assert original in text
    toolkit_file.write_text(text.replace(original, "Changed statement for the test", 1))
    revisions_before = Revision.objects.count()
    run(content_dir=content_copy)
    assert Revision.objects.count() == revisions_before + 1
    principle = PrinciplePage.objects.get(number=1, locale__language_code="en")
    assert principle.statement.startswith("Changed statement for the test")
    assert principle.live and not principle.has_unpublished_changes


def test_an_editors_change_is_kept_on_rerun_unless_overwritten():
    from django.contrib.auth import get_user_model

    from toolkit.models import SectorPage

    editor = get_user_model().objects.create_user("editor", password="x")
    housing = SectorPage.objects.get(slug="housing-services")
    housing.aims_intro = "Edited by an editor."
    housing.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)

    run()
    assert SectorPage.objects.get(pk=housing.pk).aims_intro == "Edited by an editor."

    run(overwrite_edits=True)
    assert SectorPage.objects.get(pk=housing.pk).aims_intro == (
        "Examples of aims as a corporate parent in housing services:"
    )


def test_dry_run_saves_nothing(content_copy):
    toolkit_file = content_copy / "toolkit.yaml"
    toolkit_file.write_text(toolkit_file.read_text().replace("Principle 1: equality", "P1", 1))
    before = counts()
    run(content_dir=content_copy, dry_run=True)
    assert counts() == before


@pytest.mark.parametrize(
    "file_name, old, new, message",
    [
        (
            "toolkit.yaml",
            "principles: [1, 2, 4, 8, 10]",
            "principles: [1, 2, 4, 8, 12]",
            "toolkit.yaml, line \\d+, item 'sector-housing': 'principles': 12 is not a loaded "
            "principle number \\(1-11\\)",
        ),
        (
            "toolkit.yaml",
            'short_name: "togetherness"',
            "short_name: [oops]",
            "item 'principle-3': 'short_name' must be text, not list",
        ),
        (
            "code.yaml",
            "sectors: [sector-social-services, sector-education, sector-housing]",
            "sectors: [sector-social-services, sector-schools]",
            "item 'corporate-parenting paragraph 9': 'sectors': unknown sector sector-schools",
        ),
        (
            "code.yaml",
            'number: "12"',
            'number: "twelve"',
            "item 'corporate-parenting paragraph 12': not valid: number: A paragraph number",
        ),
        (
            "resources.yaml",
            'kind: "good_practice"',
            'kind: "blog"',
            "item 'cardiff-strategy-priorities': 'kind' must be one of",
        ),
        (
            "site.yaml",
            "  - key: cookies",
            "  - key: cookies\n   bad: [indent",
            "site.yaml, line \\d+: not valid YAML",
        ),
    ],
)
def test_a_malformed_file_stops_with_a_clear_error_and_changes_nothing(
    content_copy, file_name, old, new, message
):
    data_file = content_copy / file_name
    text = data_file.read_text()
    assert old in text, f"fixture text not found in {file_name}"
    data_file.write_text(text.replace(old, new, 1))
    before = counts()
    with pytest.raises(CommandError, match=message) as error:
        run(content_dir=content_copy)
    assert "database unchanged" in str(error.value)
    assert counts() == before


def test_the_error_names_the_line_of_the_bad_value(content_copy):
    data_file = content_copy / "toolkit.yaml"
    text = data_file.read_text()
    old = "principles: [1, 2, 4, 8, 10]"
    line = text[: text.index(old)].count("\n") + 1
    data_file.write_text(text.replace(old, "principles: [1, 2, 4, 8, 12]", 1))
    with pytest.raises(CommandError, match=f"toolkit.yaml, line {line}, item 'sector-housing'"):
        run(content_dir=content_copy)


def test_an_error_after_some_pages_were_written_rolls_all_of_them_back(content_copy):
    # The code file loads after the toolkit: change a principle and break the code file, and the
    # principle's change must not survive.
    toolkit_file = content_copy / "toolkit.yaml"
    toolkit_file.write_text(toolkit_file.read_text().replace("Principle 1: equality", "P1", 1))
    code_file = content_copy / "code.yaml"
    code_file.write_text(code_file.read_text().replace("kind: guideline", "kind: advice", 1))
    before = counts()
    with pytest.raises(CommandError, match="kind"):
        run(content_dir=content_copy)
    assert counts() == before


def test_a_missing_data_file_is_named(content_copy):
    (content_copy / "resources.yaml").unlink()
    with pytest.raises(CommandError, match="resources.yaml: the file does not exist"):
        run(content_dir=content_copy)


def test_loader_revisions_are_recorded_against_a_named_user():
    user_names = set(Revision.objects.values_list("user__username", flat=True))
    assert user_names == {"content-loader"}
