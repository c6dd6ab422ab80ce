"""The number of people a sheet states under "Nombre de personnes mobilisés".

The rules (see ``tests/parsing/test_head_counts.py`` for every seed sheet's text):

1. A count is a number, in digits or words, before a word for people ("3 professionnelles",
   "deux bénévoles", "15 Salariés", "20 pers", "1ou 2 menuisiers"), or at the end of a line
   "label : number" ("Bénévoles : 20"), or a text that is only a number ("2"); "le
   responsable", "la référente", "un bénévole" count one. A number before anything else (a
   year, "33 participations", "15 associations", an age) is not a count of people.
2. "Une trentaine" (of people, or alone) is 30, approximate: it states an order of
   magnitude, which a distribution can use; the note and the page say "environ". A range
   ("60 à 80 personnes") is its middle, approximate, the note giving the range.
3. Counts that detail another are not added twice: those after "dont", those in brackets
   after a count, and those following a count they add up to ("20 parents : 18 mères et 2
   papas", "une cinquantaine 30 professionnels et 20 bénévoles").
4. A sequence over time ("2, 4 puis une quinzaine") is read from its last step.
5. The rest are added up, the note naming them; a count "per" something ("20 pers /
   atelier") is per that thing. Families counted alone are counted as families.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsing.numbers import (
    APPROXIMATE_NUMBER_WORDS,
    APPROXIMATE_WORDS,
    NUMBER,
    NUMBER_WORDS,
    Figure,
    grouped,
    normalised,
    number_value,
    whole,
)

# Beyond this, a head count is a typing error.
MAX_PEOPLE = 10_000_000

_PEOPLE_WORDS = (
    "personne", "pers", "gens", "habitant", "habitante", "bénévole", "benevole", "salarié",
    "salariée", "salarie", "professionnel", "professionnelle", "pro", "agent", "parent",
    "famille", "foyer", "enfant", "jeune", "adolescent", "ado", "adulte", "senior", "maman",
    "papa", "mère", "mere", "père", "pere", "femme", "homme", "fille", "garçon", "garcon",
    "stagiaire", "vacataire", "élu", "elu", "membre", "usager", "participant", "participante",
    "animateur", "animatrice", "intervenant", "intervenante", "référent", "référente",
    "referent", "referente", "responsable", "volontaire", "retraité", "retraite", "résident",
    "resident", "élève", "eleve", "étudiant", "etudiant", "bébé", "bebe", "adhérent",
    "adherent", "collègue", "collegue", "encadrant", "accompagnateur", "accompagnatrice",
    "éducateur", "educateur", "éducatrice", "educatrice", "coordinateur", "coordinatrice",
    "directeur", "directrice", "menuisier", "service civique", "civique", "individu",
    "citoyen", "citoyenne", "locataire", "voisin", "voisine", "commerçant", "commercant",
)  # fmt: skip
_FAMILY_WORDS = {"famille", "foyer"}
_SINGULAR_ROLES = (
    "responsable", "référent", "référente", "referent", "referente", "bénévole", "benevole",
    "salarié", "salariée", "stagiaire", "vacataire", "animateur", "animatrice", "intervenant",
    "intervenante", "coordinateur", "coordinatrice", "directeur", "directrice", "éducateur",
    "éducatrice", "professionnel", "professionnelle",
)  # fmt: skip
_WORD = r"[a-zà-ü]+"
_NUMBER_WORD = "|".join(sorted((w for w in NUMBER_WORDS if w not in ("un", "une")), key=len))
_COUNT = rf"(?P<digits>{NUMBER})|\b(?P<word>{_NUMBER_WORD})\b"
# On the same line: "5\nCommerçants : 8" is not five shopkeepers.
_OF = r"(?:[ ]+(?:de[ ]+|d')|[ ]+)"

RANGE = re.compile(rf"(?P<low>{NUMBER})\s*(?:à|a|ou|-)\s*(?P<high>{NUMBER}){_OF}(?P<noun>{_WORD})")
APPROXIMATE = re.compile(
    rf"\b(?:une?\s+|l'\s*)?(?P<word>{'|'.join(APPROXIMATE_NUMBER_WORDS)})\b"
    rf"(?:\s+(?:de\s+|d')\s*(?P<noun>{_WORD}))?"
)
COUNT = re.compile(rf"(?:{_COUNT}){_OF}(?P<noun>{_WORD})")
# "Bénévoles : 20": a line ending with a number after a colon, a word before it.
LABELLED_NUMBER = re.compile(rf":[ ]*(?P<digits>{NUMBER})[ ]*$")
ONE_ROLE = re.compile(rf"\b(?:le|la|un|une|l')\s*(?P<noun>{'|'.join(_SINGULAR_ROLES)})\b")
ONLY_A_NUMBER = re.compile(rf"\s*(?P<digits>{NUMBER})\s*[.]?\s*")
PER = re.compile(rf"\s*(?:/|par)\s*(?P<per>{_WORD})")
# People left uncounted ("plusieurs agents"): the sum is a lower bound.
UNCOUNTED = re.compile(rf"\b(?:plusieurs|quelques|d'autres)[ ]+(?P<noun>{_WORD})")
LABEL_NOT_PEOPLE = re.compile(r"âge|age\b|année|annee|date|heure|durée|duree|€|euro|budget|coût")


@dataclass(frozen=True)
class _Count:
    start: int
    end: int
    value: int
    text: str
    approximate: bool = False
    families: bool = False
    low_high: tuple[int, int] | None = None


def is_people_word(word: str) -> bool:
    """Whether ``word`` (lower-cased) names people, singular or plural."""
    singular = word[:-1] if word.endswith(("s", "x")) and len(word) > 3 else word
    return singular in _PEOPLE_WORDS or word in _PEOPLE_WORDS


def extract_head_count(text: str) -> Figure | None:
    """The number of people ``text`` states, or None (see the module's rules)."""
    text = normalised(text)
    if " puis " in text:
        text = text[text.rindex(" puis ") + len(" puis ") :]
    if match := ONLY_A_NUMBER.fullmatch(text):
        value = whole(number_value(match["digits"]))
        return Figure(value, "personnes") if value <= MAX_PEOPLE else None
    counts = _kept(text, _counts(text))
    if not counts:
        return None
    total = sum(count.value for count in counts)
    if total > MAX_PEOPLE:
        return None
    approximate = (
        any(count.approximate for count in counts)
        or bool(APPROXIMATE_WORDS.search(text))
        or any(is_people_word(match["noun"]) for match in UNCOUNTED.finditer(text))
    )
    families = all(count.families for count in counts)
    per = PER.match(text, counts[-1].end) if len(counts) == 1 else None
    notes = [f"entre {c.low_high[0]} et {c.low_high[1]}" for c in counts if c.low_high]
    if len(counts) > 1:
        notes.append("somme de " + " + ".join(count.text for count in counts))
    return Figure(
        total,
        "familles" if families else "personnes",
        per=per["per"] if per else "",
        approximate=approximate,
        note=" ; ".join(notes),
    )


def _counts(text: str) -> list[_Count]:
    """Every count of people in ``text``, in its order, none overlapping another."""
    found: list[_Count] = []
    taken: list[tuple[int, int]] = []

    def add(count: _Count) -> None:
        if all(count.end <= start or count.start >= end for start, end in taken):
            found.append(count)
            taken.append((count.start, count.end))

    for match in RANGE.finditer(text):
        if is_people_word(match["noun"]):
            low, high = whole(number_value(match["low"])), whole(number_value(match["high"]))
            low, high = min(low, high), max(low, high)
            add(_Count(*match.span(), (low + high + 1) // 2, match[0].strip(), True,
                       _is_family(match["noun"]), (low, high)))  # fmt: skip
    for match in APPROXIMATE.finditer(text):
        if match["noun"] is None or is_people_word(match["noun"]):
            value = APPROXIMATE_NUMBER_WORDS[match["word"]]
            add(_Count(*match.span(), value, match[0].strip(), True,
                       _is_family(match["noun"] or "")))  # fmt: skip
    for match in COUNT.finditer(text):
        if is_people_word(match["noun"]):
            value = (
                whole(number_value(match["digits"]))
                if match["digits"]
                else NUMBER_WORDS[match["word"]]
            )
            add(_Count(*match.span(), value, match[0].strip(), families=_is_family(match["noun"])))
    for start, line in _lines(text):
        # Found from the line's last colon: a regular expression from the line's start
        # would backtrack over the whole of a long line without one.
        colon = line.rfind(":")
        match = LABELLED_NUMBER.match(line, colon) if colon >= 0 else None
        label = line[:colon]
        if match and re.search(r"[a-zà-ü]", label) and not re.search(r"\d", label):
            if not LABEL_NOT_PEOPLE.search(line):
                value = whole(number_value(match["digits"]))
                add(_Count(start, start + len(line), value, line.strip()))
    for match in ONE_ROLE.finditer(text):
        add(_Count(*match.span(), 1, match[0].strip()))
    return sorted(found, key=lambda count: count.start)


def _lines(text: str):
    """Each line of ``text`` with its start."""
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _is_family(noun: str) -> bool:
    return noun.rstrip("sx") in _FAMILY_WORDS


def _kept(text: str, counts: list[_Count]) -> list[_Count]:
    """The counts that are not details of another (rule 3)."""
    kept: list[_Count] = []
    skip_until = -1
    for index, count in enumerate(counts):
        if count.start < skip_until:
            continue
        if kept and _inside_brackets_after(text, kept[-1], count):
            continue
        if kept and "dont" in _between(text, kept[-1], count).split():
            skip_until = _end_of_sentence(text, count.start)
            continue
        parts = _parts(text, counts, index)
        if parts:
            skip_until = parts[-1].end
        kept.append(count)
    return kept


def _parts(text: str, counts: list[_Count], index: int) -> list[_Count]:
    """The counts right after ``counts[index]``, on its line, that add up to it."""
    whole_count = counts[index]
    total, parts = 0, []
    for count in counts[index + 1 :]:
        if "\n" in _between(text, parts[-1] if parts else whole_count, count):
            break
        parts.append(count)
        total += count.value
        if total >= whole_count.value:
            break
    return parts if len(parts) >= 2 and total == whole_count.value else []


def _between(text: str, before: _Count, after: _Count) -> str:
    return text[before.end : after.start]


def _inside_brackets_after(text: str, before: _Count, count: _Count) -> bool:
    gap = _between(text, before, count)
    return "(" in gap and ")" not in gap


def _end_of_sentence(text: str, start: int) -> int:
    ends = [position for mark in ".\n" if (position := text.find(mark, start)) >= 0]
    return min(ends) if ends else len(text)


def describe_count(value: int) -> str:
    return grouped(value)
