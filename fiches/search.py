"""Searching the fiches actions in French, on PostgreSQL and on SQLite.

Each sheet's search document (``ActionSearch``, a row of its own beside the sheet's), kept
current by :func:`refresh_search_fields` (``fiches.signals`` calls it on every save and every
change of a sheet's vocabularies, centre or vocabulary entries), has two fields:

- ``vector`` (PostgreSQL only): the sheet's weighted ``tsvector`` in the
  ``french_unaccent`` configuration (migration ``fiches/0003``): the title weighs 'A', the
  summary and keywords 'B', the other short fields 'C', the long texts 'D'. Queries use the
  web-search syntax (``"boîte à livres"``, ``cuisine -enfants``), are ranked with
  ``ts_rank`` and highlighted with ``ts_headline``.
- ``text`` (both databases): the sheet's distinct words, lower-case, without accents
  and with a simple plural strip, space-separated with a space at each end. On SQLite a query
  finds the sheets that hold each of its words (``-mot`` excludes one); its relevance is how
  early the words appear, since the words are stored title first, long texts last.

Every word of a ``text`` is also in the lexicon (``SearchWord``, :func:`store_words`). When a
query finds nothing, on either database, each of its words is replaced by the lexicon's words
that look like it (trigrams, as PostgreSQL's ``pg_trgm`` counts them) and the documents are
searched again for those (:func:`approximate_query`): typos are tolerated ("parentalitée").

Highlighting works the same way on both: the matched words are framed with private-use
markers (by ``ts_headline`` or by :func:`excerpt`), then :func:`highlight` escapes the text
and only then turns the markers into ``<mark>``: stored text never reaches the page as HTML.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
)
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Greatest, Lower, StrIndex
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from core.recent import RecentValues
from core.versioning import current_version
from parsing.action_sheet import EXCERPT_FIELDS, VOCABULARY_FIELDS, searched_fields
from parsing.naming import match_key

FTS_CONFIG = "french_unaccent"
# Frame the matched words in a headline; private-use characters no sheet contains.
START_MARK, STOP_MARK = "\ue000", "\ue001"
# The weight of each heading of the sheet, declared with it: the title weighs 'A', then each
# weight holds its texts, then its lists' entries (and 'C' the centre's names).
WEIGHTED_FIELDS = {weight: searched_fields(weight) for weight in ("B", "C", "D")}
# Fields whose change alters the search fields, for saves that name their ``update_fields``.
SEARCHED_FIELDS = frozenset(
    {"title", "centre", *(name for names in WEIGHTED_FIELDS.values() for name in names)}
) - set(VOCABULARY_FIELDS)
# PostgreSQL's French stop words, as they stand once accents are removed (the accented ones
# never match after ``unaccent``): SQLite leaves them out of a query's required words too.
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
# Below this many letters a word says too little for a typo-tolerant match.
APPROXIMATE_MIN_LENGTH = 4
# The lexicon keeps words up to this length (longer ones are not words but runs of digits,
# addresses run together…); and, for each misspelt word, this many of its neighbours.
WORD_MAX_LENGTH = 40
APPROXIMATE_ALTERNATIVES = 5
# ``pg_trgm``'s default ``similarity_threshold``, for the same neighbours on SQLite.
SIMILARITY_THRESHOLD = 0.3


# --- Words --------------------------------------------------------------------------------


def strip_plural(word: str) -> str:
    """A simple French plural strip: "livres" is "livre", "jeux" is "jeu"."""
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def search_words(text: str) -> list[str]:
    """The words of ``text`` as a search document stores them: no case, no accents, singular."""
    return [strip_plural(word) for word in match_key(text).split()]


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


# --- What is stored -----------------------------------------------------------------------


def _joined(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def search_documents(action) -> dict[str, str]:
    """The sheet's text by weight ('A' to 'D'); vocabularies and centre must be loaded."""

    def text_of(name: str) -> str:
        if name in VOCABULARY_FIELDS:
            return _joined(*(entry.name for entry in getattr(action, name).all()))
        return getattr(action, name)

    def weighing(weight: str) -> list[str]:
        # Texts first, then the lists' entries, as each weight has always been written.
        names = WEIGHTED_FIELDS[weight]
        texts = [name for name in names if name not in VOCABULARY_FIELDS]
        lists = [name for name in names if name in VOCABULARY_FIELDS]
        return [text_of(name) for name in (*texts, *lists)]

    centre = action.centre
    return {
        "A": action.title,
        "B": _joined(*weighing("B")),
        "C": _joined(
            *weighing("C"), centre.display_name, centre.name, centre.commune, centre.departement
        ),
        "D": _joined(*weighing("D")),
    }


# The parts of a sheet's text, the heaviest first (see ``search_documents``).
WEIGHTS = "ABCD"
# The sheet's search document, from the sheet's side.
VECTOR = "search_document__vector"
TEXT = "search_document__text"


def build_search_text(documents: dict[str, str]) -> str:
    """The distinct words of the documents, the heaviest first, framed by spaces so that a
    whole word is `` word ``."""
    words = dict.fromkeys(word for weight in WEIGHTS for word in search_words(documents[weight]))
    return f" {' '.join(words)} " if words else ""


# Documents are computed and written this many sheets at a time.
REFRESH_CHUNK = 500


def refresh_search_fields(actions: models.QuerySet | Iterable[int], *, using=None) -> int:
    """Recomputes the search documents of these actions (a queryset or primary keys), and
    adds their words to the lexicon; returns how many were refreshed. Writes the documents
    and the lexicon only: no signal, no change to the actions' rows (nor to their
    ``updated_at``). A few queries per :data:`REFRESH_CHUNK` sheets, whatever their number."""
    action_model = apps.get_model("fiches", "Action")
    if isinstance(actions, models.QuerySet):
        using = using or actions.db
        pks = actions.values("pk")
    else:
        pks = list(actions)
    manager = action_model._base_manager.db_manager(using)
    rows = (
        manager.filter(pk__in=pks)
        .select_related("centre")
        .prefetch_related(*VOCABULARY_FIELDS)
        .order_by("pk")
    )
    count, chunk = 0, []
    for action in rows.iterator(chunk_size=REFRESH_CHUNK):
        chunk.append(action)
        if len(chunk) == REFRESH_CHUNK:
            count += _write_documents(chunk, using=manager.db)
            chunk = []
    return count + _write_documents(chunk, using=manager.db)


def _write_documents(actions: list, *, using=None) -> int:
    """Writes the search documents of these actions (their centre and vocabularies loaded)
    in place of the ones they had: one ``DELETE`` and one ``INSERT`` for them all, where an
    ``UPDATE`` per sheet made refreshing thousands of sheets slow."""
    if not actions:
        return 0
    document_model = apps.get_model("fiches", "ActionSearch")
    document_manager = document_model._base_manager.db_manager(using)
    pks = [action.pk for action in actions]
    weighted = [search_documents(action) for action in actions]
    texts = [build_search_text(documents) for documents in weighted]
    document_manager.filter(action__in=pks).delete()
    if connections[document_manager.db].vendor == "postgresql":
        _insert_with_vectors(pks, texts, weighted, using=document_manager.db)
    else:
        document_manager.bulk_create(
            document_model(action_id=pk, text=text) for pk, text in zip(pks, texts, strict=True)
        )
    store_words(texts, using=document_manager.db)
    return len(pks)


def _insert_with_vectors(pks: list, texts: list[str], weighted: list[dict], *, using) -> None:
    """Inserts the documents on PostgreSQL, each ``vector`` the weighted ``tsvector`` of its
    texts ('A' to 'D', as ``SearchVector(…, weight=…, config=FTS_CONFIG)`` would write it),
    computed by the ``INSERT`` itself from arrays of values: a ``SearchVector`` per row took
    Django longer to compile than PostgreSQL to run."""
    document_model = apps.get_model("fiches", "ActionSearch")
    quote = connections[using].ops.quote_name
    columns = ", ".join(
        quote(document_model._meta.get_field(name).column) for name in ("action", "text", "vector")
    )
    vector = " || ".join(
        f"setweight(to_tsvector(%s::regconfig, COALESCE(weighted.{weight.lower()}, '')), "
        f"'{weight}')"
        for weight in WEIGHTS
    )
    sql = (
        f"INSERT INTO {quote(document_model._meta.db_table)} ({columns}) "
        f"SELECT weighted.action_id, weighted.text, {vector} "
        "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) "
        "AS weighted(action_id, text, a, b, c, d)"
    )
    by_weight = [[documents[weight] for documents in weighted] for weight in WEIGHTS]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [FTS_CONFIG] * len(WEIGHTS) + [pks, texts, *by_weight])


def store_words(texts: Iterable[str], *, using=None) -> None:
    """Adds the words of these search texts to the lexicon, those it lacks only."""
    words = {
        word
        for text in texts
        for word in text.split()
        if APPROXIMATE_MIN_LENGTH <= len(word) <= WORD_MAX_LENGTH
    }
    if words:
        word_model = apps.get_model("fiches", "SearchWord")
        word_model._base_manager.db_manager(using).bulk_create(
            (word_model(word=word) for word in sorted(words)),
            batch_size=1000,
            ignore_conflicts=True,
        )


# --- Querying -----------------------------------------------------------------------------


def _on_postgres(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _fts_query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=FTS_CONFIG)


def _word(word: str) -> str:
    return f" {word} "


def matching(queryset, query: str | CorrectedQuery):
    """The actions of ``queryset`` that match ``query`` (see the module's docstring), or
    hold a word of each group of a :class:`CorrectedQuery`."""
    if _on_postgres(queryset):
        return queryset.filter(**{VECTOR: _as_search_query(query)})
    if isinstance(query, CorrectedQuery):
        condition = Q()
        for group in query.groups:
            condition &= reduce(or_, (Q(**{f"{TEXT}__contains": _word(word)}) for word in group))
        return queryset.filter(condition)
    parsed = parse_query(query)
    if not parsed.required:
        return queryset.none()
    condition = Q()
    for word in parsed.required:
        condition &= Q(**{f"{TEXT}__contains": _word(word)})
    for word in parsed.excluded:
        condition &= ~Q(**{f"{TEXT}__contains": _word(word)})
    return queryset.filter(condition)


def _as_search_query(query: str | CorrectedQuery) -> SearchQuery:
    if isinstance(query, CorrectedQuery):
        # Lexicon words are ``[a-z0-9]+`` (``match_key``): safe as raw tsquery terms.
        raw = " & ".join("(" + " | ".join(group) + ")" for group in query.groups)
        return SearchQuery(raw, search_type="raw", config=FTS_CONFIG)
    return _fts_query(query)


def by_relevance(queryset, query: str | CorrectedQuery):
    """``queryset`` ordered by relevance to ``query``, the best first, then by title."""
    # Ordered by, not selected: a selected rank would be computed again after the sort,
    # which would then carry every matching document along.
    score = _score(query, on_postgres=_on_postgres(queryset))
    return queryset.alias(search_score=score).order_by("search_score", Lower("title"), "pk")


def scored_keys(query: str | CorrectedQuery, *, using=None, only=None) -> list[tuple[int, float]]:
    """``(action key, score)`` of every sheet matching ``query`` (or of those among
    ``only`` these keys), the lower score the more relevant (as :func:`by_relevance` orders
    them), read from the search documents alone: the sheets' visibility and order are the
    facet index's business."""
    using = using or DEFAULT_DB_ALIAS
    action_model = apps.get_model("fiches", "Action")
    if connections[using].vendor == "postgresql":
        documents = apps.get_model("fiches", "ActionSearch")._base_manager.db_manager(using)
        matches = documents.filter(vector=_as_search_query(query))
        if only is not None:
            matches = matches.filter(action__in=list(only))
        score = _score(query, on_postgres=True, vector="vector")
        scored = matches.annotate(score=score).values_list("action_id", "score")
    else:
        matches = matching(action_model._base_manager.db_manager(using).all(), query)
        if only is not None:
            matches = matches.filter(pk__in=list(only))
        scored = matches.annotate(score=_score(query)).values_list("pk", "score")
    # Read in one go, without the ORM's conversions (numbers need none): tens of thousands
    # of rows for a common word.
    sql, params = scored.query.sql_with_params()
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _score(query: str | CorrectedQuery, *, on_postgres: bool = False, vector: str = VECTOR):
    """How relevant a sheet is to ``query``, the lower the better."""
    if on_postgres:
        return -SearchRank(F(vector), _as_search_query(query))
    # Words are stored heaviest field first: the earlier they come, the more relevant. Of a
    # corrected word's neighbours, the one the sheet holds counts (the others are at 0).
    if isinstance(query, CorrectedQuery):
        positions = [
            reduce(Greatest, (StrIndex(TEXT, Value(_word(word))) for word in group))
            for group in query.groups
        ]
    else:
        positions = [StrIndex(TEXT, Value(_word(word))) for word in parse_query(query).required]
    return sum(positions[1:], start=positions[0]) if positions else Value(0)


# --- Typo tolerance -----------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectedQuery:
    """A query whose words were each replaced by the lexicon's words closest to it: a sheet
    matches when it holds a word of each group."""

    groups: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> set[str]:
        return {word for group in self.groups for word in group}


def approximate_query(query: str, *, using=None) -> CorrectedQuery | None:
    """Typo tolerance: ``query`` with each of its words (of four letters or more) replaced
    by the lexicon's words most similar to it, by trigrams as PostgreSQL's ``pg_trgm``
    counts them; None when a word has no neighbour. PostgreSQL looks them up in the
    lexicon's trigram index; on SQLite the lexicon is read into memory (:class:`Lexicon`)."""
    words = [word for word in parse_query(query).required if len(word) >= APPROXIMATE_MIN_LENGTH]
    if not words:
        return None
    using = using or DEFAULT_DB_ALIAS
    groups = []
    for word in words:
        if connections[using].vendor == "postgresql":
            neighbours = _indexed_neighbours(word, using=using)
        else:
            neighbours = Lexicon.current(using).neighbours(word)
        if not neighbours:
            return None
        groups.append(tuple(neighbours))
    return CorrectedQuery(tuple(groups))


def _indexed_neighbours(word: str, *, using) -> list[str]:
    lexicon = apps.get_model("fiches", "SearchWord")._base_manager.db_manager(using)
    # ``trigram_similar`` (the ``%`` operator) is what the lexicon's GIN index answers.
    return list(
        lexicon.filter(word__trigram_similar=word)
        .exclude(word__in=STOP_WORDS)
        .annotate(similarity=TrigramSimilarity("word", word))
        .order_by("-similarity", "word")
        .values_list("word", flat=True)[:APPROXIMATE_ALTERNATIVES]
    )


def trigrams(word: str) -> set[str]:
    """A word's trigrams as ``pg_trgm`` pads it: two spaces before, one after."""
    padded = f"  {word} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


class Lexicon:
    """The lexicon in memory, with its words by trigram, as a GIN index holds them: the
    words sharing trigrams with a misspelt word are found without reading every word.
    Kept per database while the catalogue's version stays the same."""

    _kept: RecentValues[Lexicon] = RecentValues(size=4)  # one per database in use

    def __init__(self, words: Iterable[str]):
        self.words = [word for word in words if word not in STOP_WORDS]
        self.sizes = []
        self.by_trigram: dict[str, list[int]] = defaultdict(list)
        for index, word in enumerate(self.words):
            grams = trigrams(word)
            self.sizes.append(len(grams))
            for gram in grams:
                self.by_trigram[gram].append(index)

    @classmethod
    def current(cls, using: str) -> Lexicon:
        def read() -> Lexicon:
            lexicon_model = apps.get_model("fiches", "SearchWord")._base_manager.db_manager(using)
            return cls(lexicon_model.values_list("word", flat=True).iterator())

        return cls._kept.get(using, read, version=current_version(using))

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


def with_headline(queryset, query: str | CorrectedQuery):
    """On PostgreSQL, annotates ``search_headline``: fragments of the sheet's texts with the
    matched words between markers. Elsewhere :func:`excerpt` does it in Python."""
    if not query or not _on_postgres(queryset):
        return queryset
    parts = []
    for name in EXCERPT_FIELDS:
        parts.extend([F(name), Value("\n")])
    return queryset.annotate(
        search_headline=SearchHeadline(
            Concat(*parts, output_field=models.TextField()),
            _as_search_query(query),
            config=FTS_CONFIG,
            start_sel=START_MARK,
            stop_sel=STOP_MARK,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


# --- Showing matches ----------------------------------------------------------------------

_WORD = re.compile(r"\w+")
EXCERPT_WORDS = 35


def excerpt(action, query: str | CorrectedQuery) -> str:
    """A passage of the sheet around the first word of ``query`` it holds, matched words
    between markers; the start of the summary when the query is empty or found nowhere."""
    if isinstance(query, CorrectedQuery):
        wanted = query.words
    else:
        wanted = set(parse_query(query).required) if query else set()
    texts = [text for text in (getattr(action, name) for name in EXCERPT_FIELDS) if text]
    if not texts:
        return ""
    if wanted:
        for text in texts:
            words = list(_WORD.finditer(text))
            hits = [index for index, word in enumerate(words) if _matches(word.group(), wanted)]
            if hits:
                return _marked_window(text, words, hits[0], wanted)
    return Truncator(" ".join(texts[0].split())).words(EXCERPT_WORDS, truncate=" …")


def _matches(word: str, wanted: set[str]) -> bool:
    return any(part in wanted for part in search_words(word))


def _marked_window(text: str, words: list[re.Match], first_hit: int, wanted: set[str]) -> str:
    low = max(0, first_hit - 8)
    high = min(len(words), low + EXCERPT_WORDS)
    pieces, cursor = [], words[low].start()
    for word in words[low:high]:
        pieces.append(text[cursor : word.start()])
        if _matches(word.group(), wanted):
            pieces.append(f"{START_MARK}{word.group()}{STOP_MARK}")
        else:
            pieces.append(word.group())
        cursor = word.end()
    passage = " ".join("".join(pieces).split())
    return ("… " if low else "") + passage + (" …" if high < len(words) else "")


def highlight(marked: str) -> SafeString:
    """HTML for text whose matched words are between markers: the text escaped first, then
    the markers (and only well-paired ones) turned into ``<mark>``."""
    html, inside = [], False
    for part in re.split(f"({START_MARK}|{STOP_MARK})", marked):
        if part == START_MARK:
            if not inside:
                html.append("<mark>")
            inside = True
        elif part == STOP_MARK:
            if inside:
                html.append("</mark>")
            inside = False
        else:
            html.append(escape(part))
    if inside:
        html.append("</mark>")
    return mark_safe("".join(html))  # every piece of stored text went through escape()
