from cms.glossary import GlossaryIssue, glossary_issues

TERMS = [
    ("personal adviser", "cynghorydd personol"),
    ("care leavers", "pobl ifanc sy'n gadael gofal"),
    ("well-being", "llesiant"),
    ("principle", "egwyddor"),
]


def test_a_term_rendered_in_a_mutated_form_is_present():
    assert (
        glossary_issues(
            "Each young person has a personal adviser.",
            "Mae gan bob person ifanc gynghorydd personol.",
            TERMS,
        )
        == []
    )


def test_a_missing_term_is_flagged():
    assert glossary_issues(
        "Each young person has a personal adviser.",
        "Mae gan bob person ifanc ymgynghorydd personol.",
        TERMS,
    ) == [GlossaryIssue("personal adviser", "cynghorydd personol")]


def test_plural_and_spelling_variants_of_the_english_term_count():
    assert (
        glossary_issues("the principles", "yr egwyddorion", TERMS)
        == [GlossaryIssue("principle", "egwyddor")]
        or glossary_issues("the principles", "yr egwyddorion", TERMS) == []
    )
    assert glossary_issues("their wellbeing", "eu lles", TERMS) == [
        GlossaryIssue("well-being", "llesiant")
    ]


def test_untranslated_segments_are_not_flagged_here():
    assert glossary_issues("care leavers", "", TERMS) == []
