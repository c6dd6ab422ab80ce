"""A partner as a project sheet lists it: "TAD (Territoire d'Action Départementale)
(relancer)" is the partner TAD, its acronym, what the acronym stands for, and where the centre
stands with it (the follow-up the sheet records)."""

from __future__ import annotations

import re

from parsing.records import FollowUp, ProjectPartnerEntry
from parsing.text import heading_key, strip_value

_FOLLOW_UPS = (
    (FollowUp.TO_CHASE, re.compile(r"^(?:à\s+|a\s+)?relancer\b[\s:,;.–-]*(.*)$", re.I | re.S)),
    (FollowUp.WAITING, re.compile(r"^en\s+attente\b[\s:,;.–-]*(.*)$", re.I | re.S)),
    (FollowUp.OK, re.compile(r"^ok\b[\s:,;.–-]*(.*)$", re.I | re.S)),
)
_TRAILING_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*$")
# Words an acronym usually skips: "Actions Educatives Jeunesse et Familles" is AEJF.
_SMALL_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour", "sur"}
)
_WORD_SEPARATORS = re.compile(r"[\s'\-]+")


def parse_partner(as_written: str, *, category: str = "", line: int = 0) -> ProjectPartnerEntry:
    """Read one partner bullet (bullet already removed).

    Trailing parentheses are, in turn: a follow-up state ("relancer", "en attente", "ok", the
    rest being a note), the expansion of the acronym that opens the name, or a free note.
    """
    name, parentheses = _peel_parentheses(as_written)
    acronym = expanded_name = follow_up = ""
    notes = []
    for content in parentheses:
        state, note = _follow_up(content)
        if state and not follow_up:
            follow_up = state
            if note:
                notes.append(note)
        elif not acronym and (expansion := _acronym_expansion(name, content)):
            acronym, expanded_name = expansion
            if acronym != _leading_acronym(name):
                name = expanded_name  # "Caisse d'Allocations Familiales (CAF)"
        elif strip_value(content):
            notes.append(strip_value(content))
    return ProjectPartnerEntry(
        line=line,
        category=category,
        as_written=as_written,
        name=name,
        acronym=acronym,
        expanded_name=expanded_name,
        follow_up=follow_up or FollowUp.NONE,
        follow_up_note=" ; ".join(notes),
    )


def _peel_parentheses(text: str) -> tuple[str, list[str]]:
    """Split "TAD (Territoire …) (relancer)" into "TAD" and its parentheses, left to right."""
    parentheses: list[str] = []
    while (match := _TRAILING_PARENTHESIS.search(text)) and strip_value(text[: match.start()]):
        parentheses.insert(0, match.group(1))
        text = text[: match.start()]
    return strip_value(text), parentheses


def _follow_up(content: str) -> tuple[str, str]:
    content = strip_value(content)
    for state, pattern in _FOLLOW_UPS:
        if match := pattern.match(content):
            return state, strip_value(match.group(1))
    return "", ""


def _leading_acronym(name: str) -> str:
    first_word = name.split(maxsplit=1)[0] if name.strip() else ""
    letters = [char for char in first_word if char.isalpha()]
    is_acronym = first_word.isupper() and len(letters) >= 2 and "-" not in first_word
    return first_word if is_acronym else ""


def _acronym_expansion(name: str, content: str) -> tuple[str, str] | None:
    """(acronym, expanded name) when the parenthesis expands the name's acronym, or the name
    expands the acronym in the parenthesis; None otherwise."""
    content = strip_value(content)
    acronym = _leading_acronym(name)
    if acronym and _initials_match(acronym, content):
        return acronym, content
    if _leading_acronym(content) == content and _initials_match(content, name):
        return content, name
    return None


def _initials_match(acronym: str, expansion: str) -> bool:
    """Whether the initials of the expansion's words spell the acronym, small words optional."""
    letters = [char for char in heading_key(acronym) if char.isalnum()]
    words = [word for word in _WORD_SEPARATORS.split(heading_key(expansion)) if word]
    if not letters or not words:
        return False
    # The letter positions reachable after each word: a small word may give its initial or not.
    reachable = {0}
    for word in words:
        reachable = {
            position + 1
            for position in reachable
            if position < len(letters) and letters[position] == word[0]
        } | (reachable if word in _SMALL_WORDS else set())
        if not reachable:
            return False
    return len(letters) in reachable
