"""Welsh initial consonant mutations, written once for the glossary check and for search.

Welsh changes a word's first sound after certain words: `plant` (children) appears as `blant`,
`mhlant` or `phlant`; `cartref` (home) as `gartref`, `nghartref` or `chartref`. To a reader these
are one word. `possible_radicals(word)` gives every dictionary form a written word may come from
(the word itself included), so two forms match when their radicals meet. A mutated form can be
ambiguous (`law` may be `llaw`, hand, or `glaw`, rain): every candidate is kept.

Rules (PRODUCT.md): soft p>b, t>d, c>g, b>f, d>dd, g>(dropped), ll>l, m>f, rh>r; nasal p>mh,
t>nh, c>ngh, b>m, d>n, g>ng; aspirate p>ph, t>th, c>ch; and h before a vowel.
"""

import re

VOWELS = "aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ"

SOFT = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "ll": "l", "m": "f", "rh": "r"}
NASAL = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}

# Mutated beginning -> the radical beginnings it can come from, longest beginnings first so that
# "ngh" is tried before "ng" and "dd" before "d".
_REVERSE = {}
for _table in (SOFT, NASAL, ASPIRATE):
    for _radical, _mutated in _table.items():
        if _mutated:
            _REVERSE.setdefault(_mutated, set()).add(_radical)
_REVERSE_ORDER = sorted(_REVERSE, key=len, reverse=True)

WORD_PATTERN = re.compile(rf"[a-z{VOWELS}'’]+", re.IGNORECASE)


def _starts_with_vowel(word):
    return bool(word) and word[0] in VOWELS


def mutated_forms(radical):
    """Every form of `radical` under the mutations (the radical itself included)."""
    word = radical.lower()
    forms = {word}
    for table in (SOFT, NASAL, ASPIRATE):
        for beginning, replacement in table.items():
            if word.startswith(beginning):
                forms.add(replacement + word[len(beginning) :])
    if _starts_with_vowel(word):
        forms.add("h" + word)
    return forms


def possible_radicals(word):
    """Every radical (dictionary) form `word` may be a mutation of, the word itself included."""
    word = word.lower()
    candidates = {word}
    for beginning in _REVERSE_ORDER:
        if word.startswith(beginning) and len(word) > len(beginning):
            rest = word[len(beginning) :]
            for radical in _REVERSE[beginning]:
                candidates.add(radical + rest)
    # Soft mutation drops an initial g: "ardd" <- "gardd", "law" <- "glaw", "wlad" <- "gwlad".
    if word and (_starts_with_vowel(word) or word[0] in "lrn"):
        candidates.add("g" + word)
    # h- before a vowel: "henw" <- "enw".
    if len(word) > 1 and word[0] == "h" and _starts_with_vowel(word[1:]):
        candidates.add(word[1:])
    # A radical is itself never a mutated form of a candidate that does not yield it back.
    return {candidate for candidate in candidates if word in mutated_forms(candidate)}


def same_word(first, second):
    """True when the two written forms may be the same Welsh word under mutation."""
    return bool(possible_radicals(first) & possible_radicals(second))


def words(text):
    return [match.group(0).lower().replace("’", "'") for match in WORD_PATTERN.finditer(text)]


def contains_term(text, term):
    """True when `text` contains the (possibly multi-word) Welsh `term`, allowing every word of it
    to appear mutated."""
    text_words, term_words = words(text), words(term)
    if not term_words:
        return True
    span = len(term_words)
    return any(
        all(same_word(text_words[start + offset], term_words[offset]) for offset in range(span))
        for start in range(len(text_words) - span + 1)
    )
