"""A search's words, as documents store them and queries ask for them (pure Python, no Django).

A document stores a sheet's words lower-case, without accents and with a simple French plural
strip (:func:`search_words`). A query typed by a reader is first bounded
(:func:`bounded_query`: no control character, a few words at most), then read into the words a
sheet must hold and those it must not (:func:`parse_query`), as the word-based search and the
highlighting use them. A :class:`CorrectedQuery` is a query that typo tolerance rewrote with
the lexicon's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple, TypeAlias

from parsing.caching import short_string_cache
from parsing.naming import match_key

# PostgreSQL's French stop words, as they stand once accents are removed (the accented ones
# never match after ``unaccent``): the word-based search leaves them out of a query's
# required words too.
STOP_WORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me mes moi
    mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu
    un une vos votre vous c d j l m n s t y suis es est sommes sont serai seras sera serons
    serez seront serais serait serions seriez seraient fus fut sois soit soyons soyez soient
    fusse fusses fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as
    avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient
    avais avait avions aviez avaient eut aie aies ait ayons ayez aient eusse eusses eussions
    eussiez eussent
""".split()
)


def strip_plural(word: str) -> str:
    """A simple French plural strip: "livres" is "livre", "jeux" is "jeu"."""
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def search_words(text: str) -> list[str]:
    """The words of ``text`` as a search document stores them: no case, no accents, singular."""
    return [word for written in text.split() for word in _stored_words(written)]


# An import reads a million words, a few tens of thousands of them different: each word as
# written is worked out once, in a cache bounded as ``match_key``'s own is.
@short_string_cache(maxsize=65536, max_length=40)
def _stored_words(written: str) -> tuple[str, ...]:
    # "l'atelier" is two words, "l" and "atelier".
    return tuple(strip_plural(word) for word in match_key(written).split())


# --- What a reader may ask ------------------------------------------------------------------

# A query longer than this is cut: a search is a few words, and every word costs the
# database (and typo tolerance) a lookup; a longer text is a paste or an attack.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 20
# Control characters (NUL among them, which PostgreSQL refuses in any text) and lone
# surrogates (which no database encodes) are no part of a search.
_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class BoundedQuery(NamedTuple):
    """A query as it is searched, and whether it had to be shortened to be."""

    text: str
    shortened: bool


def bounded_query(typed: str) -> BoundedQuery:
    """``typed`` without control characters, its words separated by one space, cut after
    :data:`MAX_QUERY_WORDS` words or :data:`MAX_QUERY_LENGTH` characters (at a word's end
    when there is one). The same for a query bounded already."""
    words = _UNSEARCHABLE.sub(" ", typed).split()
    text = " ".join(words[:MAX_QUERY_WORDS])
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[: MAX_QUERY_LENGTH + 1]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_LENGTH]
    return BoundedQuery(text, shortened=len(text) < len(" ".join(words)))


# --- What a query asks for ------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """A query's words for the word-based search: each ``required`` word must be there, no
    ``excluded`` word may be."""

    required: tuple[str, ...]
    excluded: tuple[str, ...]


_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def parse_query(query: str) -> ParsedQuery:
    """Reads the plain part of the web-search syntax: words, ``"quoted words"`` (all
    required, not as a phrase) and ``-excluded`` words; the ``or`` operator is ignored."""
    required, excluded = [], []
    for match in _QUERY_TOKEN.finditer(query):
        negated = bool(match.group(1) or match.group(3))
        text = match.group(2) if match.group(2) is not None else match.group(4)
        if match.group(4) is not None and text.lower() == "or":
            continue
        words = [word for word in search_words(text) if word not in STOP_WORDS]
        (excluded if negated else required).extend(words)
    return ParsedQuery(tuple(dict.fromkeys(required)), tuple(dict.fromkeys(excluded)))


@dataclass(frozen=True)
class CorrectedQuery:
    """A query whose words were each replaced by the lexicon's words closest to it: a sheet
    matches when it holds a word of each group. Lexicon words are ``[a-z0-9]+``."""

    groups: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> set[str]:
        return {word for group in self.groups for word in group}

    @property
    def closest_words(self) -> tuple[str, ...]:
        """The nearest neighbour of each typed word: what the page says it searched for
        (the others of each group widen the search without being worth naming)."""
        return tuple(group[0] for group in self.groups)


# What the search functions take: the words a reader typed, or as typo tolerance corrected
# them.
Query: TypeAlias = str | CorrectedQuery


def word_groups(query: Query) -> tuple[tuple[str, ...], ...]:
    """What a sheet must hold for the word-based search: a word of each group (a typed word
    is a group of one)."""
    if isinstance(query, CorrectedQuery):
        return query.groups
    return tuple((word,) for word in parse_query(query).required)


def excluded_words(query: Query) -> tuple[str, ...]:
    """The words a sheet must not hold (``-mot``); a corrected query excludes none."""
    return () if isinstance(query, CorrectedQuery) else parse_query(query).excluded


def wanted_words(query: Query) -> set[str]:
    """Every word a match may hold, the ones to highlight."""
    return {word for group in word_groups(query) for word in group} if query else set()
