"""How the public pages set a sheet's text in French (pure Python, no Django import).

The stored text stays as the centre wrote it: these functions only change how it is shown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from parsing.naming import match_key

# The narrow no-break space French puts before « : ; ! ? » and inside guillemets.
NNBSP = "\u202f"
_WORD = re.compile(r"[^\W\d_]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \u00a0\u202f]+([:;!?»])")
_GLUED_PUNCTUATION = re.compile(r"(?<=\w)([;!?])(?=\s|$)")
_SPACE_AFTER_OPENING_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_STRAIGHT_QUOTED = re.compile(r'"\s*([^"]*?)\s*"')

# An apostrophe between two letters ("l'atelier", "aujourd'hui"); a quote mark elsewhere is
# left as it is.
_STRAIGHT_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
# "1 mars" (not "11 mars", nor "2,1 mai"), "1er mars" already written so, before a month.
_FIRST_OF_MONTH = re.compile(
    rf"(?<![\d.,])1(?:er)?[ \u00a0\u202f]+({_MONTHS})(?![^\W\d_])", re.IGNORECASE
)

# How a sentence says "of" a structure whose name begins with its kind.
_OF_KIND = (
    ("centre social", "du "),
    ("centre de vie sociale", "du "),
    ("centre socioculturel", "du "),
    ("espace de vie sociale", "de l'"),
    ("maison de quartier", "de la "),
)
_OF_ARTICLE = {"le": "du ", "les": "des ", "la": "de la "}


def accented_spellings(texts: Iterable[str]) -> dict[str, str]:
    """For each word that the texts write with accents, its accent-free key ("fetes") and
    its most frequent accented spelling in lower case ("fêtes")."""
    return most_frequent_spellings(accented_word_counts((text, 1) for text in texts))


def accented_word_counts(counted_texts: Iterable[tuple[str, int]]) -> Counter:
    """How often each word written with accents occurs (in lower case) in texts that occur
    the number of times given beside each: a database may have counted the texts, or runs
    of letters that hold the accented words (see :data:`ACCENTED_RUN_SQL`), already."""
    counts: Counter = Counter()
    for text, times in counted_texts:
        for word in _WORD.findall(text.lower()):
            if not word.isascii():
                counts[word] += times
    return counts


def most_frequent_spellings(counts: Mapping[str, int]) -> dict[str, str]:
    """Accent-free key → the most frequent of the counted spellings that share it; on a
    tie, the first in alphabetical order, so that every process that counts the same words,
    in whatever order, shows the same spelling."""
    seen: dict[str, Counter] = {}
    for word, times in counts.items():
        seen.setdefault(match_key(word), Counter())[word] += times
    return {
        key: min(spellings.items(), key=lambda spelling: (-spelling[1], spelling[0]))[0]
        for key, spellings in seen.items()
    }


# A run of letters holding at least one character outside ASCII, for a database's regular
# expression (PostgreSQL's): ASCII letters and any non-ASCII character, whatever the
# database's locale calls a letter. :func:`accented_word_counts` splits the runs into words
# again, by this module's own rule (a dash or a guillemet outside ASCII ends a word), so
# counting the runs in the database gives the same counts as reading the whole texts here.
ACCENTED_RUN_PATTERN = r"[^\x01-\x40\x5b-\x60\x7b-\x7f]*[^\x01-\x7f][^\x01-\x40\x5b-\x60\x7b-\x7f]*"


def sentence_case(text: str, spellings: Mapping[str, str]) -> str:
    """An all-capitals text in sentence case, its accents restored from ``spellings``:
    "ANIMATION DE PROXIMITE" is "Animation de proximité". Other texts are kept."""
    if not any(char.isalpha() for char in text) or text != text.upper():
        return text
    restored = _WORD.sub(lambda word: _accented(word[0], spellings), text.lower())
    return restored[:1].upper() + restored[1:]


def _accented(word: str, spellings: Mapping[str, str]) -> str:
    if word in spellings:
        return spellings[word]
    if word.endswith(("s", "x")) and word[:-1] in spellings:  # "fetes" from "fête"
        return spellings[word[:-1]] + word[-1]
    return word


def french_punctuation(text: str) -> str:
    """Guillemets for straight double quotes, and a narrow no-break space before « : ; ! ? »
    and inside guillemets (a colon glued to a word, as in "14:30" or "https:", is left)."""
    text = _STRAIGHT_QUOTED.sub(lambda quoted: f"«{quoted[1]}»", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(NNBSP + r"\1", text)
    # The closing guillemet's space first: a « ; » glued before it is then seen as ending a
    # word (setting the text again changes nothing).
    text = re.sub(r"(?<!\s)»", NNBSP + "»", text)
    text = _GLUED_PUNCTUATION.sub(NNBSP + r"\1", text)
    return _SPACE_AFTER_OPENING_QUOTE.sub("«" + NNBSP, text)


def french_text(text: str) -> str:
    """A body text set in French: :func:`french_punctuation`, typographic apostrophes
    ("l’atelier"), and "1er" for the first day of a month ("le 1er mars"), kept together with
    its month by a no-break space. Letters and digits are never changed (but for the "er"
    of "1er"), and setting a text twice gives the same text."""
    text = french_punctuation(text)
    text = _STRAIGHT_APOSTROPHE.sub("\u2019", text)
    return _FIRST_OF_MONTH.sub(lambda first: f"1er\u00a0{first[1]}", text)


def of_structure(name: str) -> str:
    """``name`` after "of" in a sentence: "du centre social Albert Schweitzer", "de la maison
    de quartier X", "des Résédas", "d'Eaubonne", "de Rosny"."""
    key = match_key(name)
    for phrase, of in _OF_KIND:
        if key == phrase or key.startswith(phrase + " "):
            words = len(phrase.split())
            head, rest = name.split(None, words)[:words], name.split(None, words)[words:]
            return of + " ".join([*(word.lower() for word in head), *rest])
    first, _, rest = name.partition(" ")
    if rest and first.lower() in _OF_ARTICLE:
        return _OF_ARTICLE[first.lower()] + rest
    if key[:1] in set("aeiouy") and key[:1]:
        return "d'" + name
    return "de " + name
