"""Typo tolerance (pure Python, no Django): the catalogue's lexicon and how a query that finds
nothing is corrected with it.

Every word of every search document is in the lexicon (``SearchWord``), when it is of a useful
length (:func:`lexicon_words`). When a query finds nothing, each of its words is replaced by
the lexicon's words that look like it, by trigrams as PostgreSQL's ``pg_trgm`` counts them, and
the documents are searched again for those (:func:`correct`): "parentalitée" finds
"parentalite". PostgreSQL finds a word's neighbours in the lexicon's trigram index; SQLite in a
:class:`TrigramLexicon`, the same index in memory (see ``backends``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from .words import STOP_WORDS, CorrectedQuery, parse_query

# Below this many letters a word says too little for a typo-tolerant match.
APPROXIMATE_MIN_LENGTH = 4
# The lexicon keeps words up to this length (longer ones are not words but runs of digits,
# addresses run together…): a longer query word is no typo of any of them, and is not looked
# up (the trigrams of a word of thousands of letters took a second to compare).
WORD_MAX_LENGTH = 40
# For each misspelt word, this many of its neighbours at most.
APPROXIMATE_ALTERNATIVES = 5
# ``pg_trgm``'s default ``similarity_threshold``, for the same neighbours on SQLite.
SIMILARITY_THRESHOLD = 0.3


def is_lexicon_word(word: str) -> bool:
    """Whether the lexicon keeps ``word`` (a word of a search document), or may hold a
    neighbour of it (a word of a query)."""
    return APPROXIMATE_MIN_LENGTH <= len(word) <= WORD_MAX_LENGTH


def lexicon_words(texts: Iterable[str]) -> set[str]:
    """The words of these search texts (``documents.build_search_text``) that the lexicon
    keeps."""
    return {word for text in texts for word in text.split() if is_lexicon_word(word)}


# What finds the neighbours of query words: for each word, the lexicon's words most similar
# to it, the most similar first, :data:`APPROXIMATE_ALTERNATIVES` at most.
FindNeighbours = Callable[[Sequence[str]], list[list[str]]]


def correct(query: str, find_neighbours: FindNeighbours) -> CorrectedQuery | None:
    """``query`` with each of its words (of four letters or more) replaced by its
    neighbours; None when a word has none, or is longer than any word of the lexicon, or
    when no word is long enough to correct."""
    words = [word for word in parse_query(query).required if len(word) >= APPROXIMATE_MIN_LENGTH]
    if not words or any(len(word) > WORD_MAX_LENGTH for word in words):
        return None
    groups = find_neighbours(words)
    if not all(groups):
        return None
    return CorrectedQuery(tuple(tuple(group) for group in groups))


def trigrams(word: str) -> set[str]:
    """A word's trigrams as ``pg_trgm`` pads it: two spaces before, one after."""
    padded = f"  {word} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


class TrigramLexicon:
    """The lexicon in memory, with its words by trigram, as a GIN index holds them: the
    words sharing trigrams with a misspelt word are found without reading every word."""

    def __init__(self, words: Iterable[str]):
        self.words = [word for word in words if word not in STOP_WORDS]
        self.sizes = []
        self.by_trigram: dict[str, list[int]] = defaultdict(list)
        for index, word in enumerate(self.words):
            grams = trigrams(word)
            self.sizes.append(len(grams))
            for gram in grams:
                self.by_trigram[gram].append(index)

    def neighbours(self, word: str) -> list[str]:
        """The words at least :data:`SIMILARITY_THRESHOLD` similar to ``word``, the most
        similar first (then in alphabetical order), :data:`APPROXIMATE_ALTERNATIVES` at
        most."""
        grams = trigrams(word)
        shared = Counter(index for gram in grams for index in self.by_trigram.get(gram, ()))
        scored = []
        for index, common in shared.items():
            similarity = common / (len(grams) + self.sizes[index] - common)
            if similarity >= SIMILARITY_THRESHOLD:
                scored.append((-similarity, self.words[index]))
        return [word for _, word in sorted(scored)[:APPROXIMATE_ALTERNATIVES]]
