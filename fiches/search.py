"""Searching the fiches actions in French, on PostgreSQL and on SQLite.

Each sheet's search document (``ActionSearch``, a row of its own beside the sheet's), kept
current by :func:`refresh_search_fields` (the receivers below call it on every save and every
change of a sheet's vocabularies, centre or vocabulary entries), has two fields:

- ``vector`` (PostgreSQL only): the sheet's weighted ``tsvector`` in the
  ``french_unaccent`` configuration (migration ``fiches/0003``): the title weighs 'A', the
  summary and keywords 'B', the other short fields 'C', the long texts 'D'. Queries use the
  web-search syntax (``"boîte à livres"``, ``cuisine -enfants``), are ranked with
  ``ts_rank`` and highlighted with ``ts_headline``. When they find nothing, a trigram
  word-similarity search on ``text`` tolerates typos ("parentalitée").
- ``text`` (both databases): the sheet's distinct words, lower-case, without accents
  and with a simple plural strip, space-separated with a space at each end. On SQLite a query
  finds the sheets that hold each of its words (``-mot`` excludes one); its relevance is how
  early the words appear, since the words are stored title first, long texts last.

Highlighting works the same way on both: the matched words are framed with private-use
markers (by ``ts_headline`` or by :func:`excerpt`), then :func:`highlight` escapes the text
and only then turns the markers into ``<mark>``: stored text never reaches the page as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections, models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Lower, StrIndex
from django.db.models.signals import post_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from centres.naming import match_key

FTS_CONFIG = "french_unaccent"
# Frame the matched words in a headline; private-use characters no sheet contains.
START_MARK, STOP_MARK = "\ue000", "\ue001"
# The fields a headline or an excerpt is cut from, most telling first.
EXCERPT_FIELDS = (
    "summary", "experience", "general_description", "result_territory", "result_centre",
    "result_residents", "limits", "perspectives", "end_reason",
)  # fmt: skip
# The sheet's own fields by weight: besides the title ('A') and the summary ('B'), the short
# fields weigh 'C' (with the vocabularies but keywords, and the centre), the long texts 'D'.
SHORT_FIELDS = ("dimension", "territory", "partners_territory", "initiator_detail")
LONG_FIELDS = (
    "end_reason", "experience", "general_description", "financial_resources",
    "people_mobilised", "result_territory", "result_centre", "result_residents", "limits",
    "perspectives",
)  # fmt: skip
# Fields whose change alters the search fields, for saves that name their ``update_fields``.
SEARCHED_FIELDS = frozenset({"title", "summary", "centre", *SHORT_FIELDS, *LONG_FIELDS})
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

    def names(field: str) -> str:
        return _joined(*(entry.name for entry in getattr(action, field).all()))

    def fields(names_: tuple[str, ...]) -> str:
        return _joined(*(getattr(action, name) for name in names_))

    centre = action.centre
    return {
        "A": action.title,
        "B": _joined(action.summary, names("keywords")),
        "C": _joined(
            fields(SHORT_FIELDS),
            names("publics"),
            names("partner_types"),
            names("initiators"),
            centre.display_name,
            centre.name,
            centre.commune,
            centre.departement,
        ),
        "D": fields(LONG_FIELDS),
    }


# The sheet's search document, from the sheet's side.
VECTOR = "search_document__vector"
TEXT = "search_document__text"


def build_search_text(documents: dict[str, str]) -> str:
    """The distinct words of the documents, the heaviest first, framed by spaces so that a
    whole word is `` word ``."""
    words = dict.fromkeys(word for weight in "ABCD" for word in search_words(documents[weight]))
    return f" {' '.join(words)} " if words else ""


def build_search_vector(documents: dict[str, str]):
    """The weighted ``tsvector`` expression of the documents (PostgreSQL)."""
    vectors = [
        SearchVector(Value(documents[weight]), weight=weight, config=FTS_CONFIG)
        for weight in "ABCD"
    ]
    vector = vectors[0]
    for other in vectors[1:]:
        vector = vector + other
    return vector


def refresh_search_fields(actions: models.QuerySet | Iterable[int], *, using=None) -> int:
    """Recomputes the search documents of these actions (a queryset or primary keys);
    returns how many were refreshed. Writes the documents only: no signal, no change to the
    actions' rows (nor to their ``updated_at``)."""
    action_model = apps.get_model("fiches", "Action")
    if isinstance(actions, models.QuerySet):
        using = using or actions.db
        pks = actions.values("pk")
    else:
        pks = list(actions)
    manager = action_model._base_manager.db_manager(using)
    document_manager = apps.get_model("fiches", "ActionSearch")._base_manager.db_manager(using)
    rows = (
        manager.filter(pk__in=pks)
        .select_related("centre")
        .prefetch_related(*vocabulary_fields())
        .order_by("pk")
    )
    existing = set(document_manager.filter(action__in=pks).values_list("action_id", flat=True))
    on_postgres = connections[manager.db].vendor == "postgresql"
    count = 0
    for action in rows.iterator(chunk_size=500):
        documents = search_documents(action)
        values = {"text": build_search_text(documents)}
        if on_postgres:
            values["vector"] = build_search_vector(documents)
        if action.pk in existing:
            document_manager.filter(action_id=action.pk).update(**values)
        else:
            document_manager.create(action_id=action.pk, **values)
        count += 1
    return count


# --- Querying -----------------------------------------------------------------------------


def _on_postgres(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _fts_query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=FTS_CONFIG)


def _word(word: str) -> str:
    return f" {word} "


def matching(queryset, query: str):
    """The actions of ``queryset`` that match ``query`` (see the module's docstring)."""
    if _on_postgres(queryset):
        return queryset.filter(**{VECTOR: _fts_query(query)})
    parsed = parse_query(query)
    if not parsed.required:
        return queryset.none()
    condition = Q()
    for word in parsed.required:
        condition &= Q(**{f"{TEXT}__contains": _word(word)})
    for word in parsed.excluded:
        condition &= ~Q(**{f"{TEXT}__contains": _word(word)})
    return queryset.filter(condition)


def approximate_search_available(queryset) -> bool:
    return _on_postgres(queryset)


def _approximate_words(query: str) -> tuple[str, ...]:
    return tuple(
        word for word in parse_query(query).required if len(word) >= APPROXIMATE_MIN_LENGTH
    )


def approximately_matching(queryset, query: str):
    """Typo-tolerant matching (PostgreSQL's trigrams): every word of ``query`` is close to a
    word of the sheet. Nothing on SQLite, which has no trigrams."""
    words = _approximate_words(query)
    if not words or not approximate_search_available(queryset):
        return queryset.none()
    condition = Q()
    for word in words:
        condition &= Q(**{f"{TEXT}__trigram_word_similar": word})
    return queryset.filter(condition)


def by_relevance(queryset, query: str, *, approximate: bool = False):
    """``queryset`` ordered by relevance to ``query``, the best first, then by title."""
    tie_breakers = (Lower("title"), "pk")
    if _on_postgres(queryset):
        if approximate:
            similarity = sum(
                (TrigramWordSimilarity(word, TEXT) for word in _approximate_words(query)),
                start=Value(0.0),
            )
            return queryset.alias(search_score=similarity).order_by("-search_score", *tie_breakers)
        # Ordered by, not selected: a selected rank would be computed again after the sort,
        # which would then carry every matching document along.
        rank = SearchRank(F(VECTOR), _fts_query(query))
        return queryset.alias(search_score=rank).order_by("-search_score", *tie_breakers)
    # Words are stored heaviest field first: the earlier they come, the more relevant.
    positions = [StrIndex(TEXT, Value(_word(word))) for word in parse_query(query).required]
    if not positions:
        return queryset.order_by(*tie_breakers)
    return queryset.alias(search_score=sum(positions[1:], start=positions[0])).order_by(
        "search_score", *tie_breakers
    )


def with_headline(queryset, query: str):
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
            _fts_query(query),
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


def excerpt(action, query: str) -> str:
    """A passage of the sheet around the first word of ``query`` it holds, matched words
    between markers; the start of the summary when the query is empty or found nowhere."""
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


# --- Keeping the fields current -----------------------------------------------------------


_pending_refresh: ContextVar[set | None] = ContextVar("search_pending_refresh", default=None)


@contextmanager
def deferred_refresh(*, using=None) -> Iterator[None]:
    """Inside the block, the sheets whose search fields go stale are noted, then refreshed
    once each when it ends (an import saves a sheet, then sets four vocabularies: one refresh
    instead of five). Nothing is refreshed if the block raises."""
    if _pending_refresh.get() is not None:  # nested: the outer block refreshes
        yield
        return
    pending: set = set()
    token = _pending_refresh.set(pending)
    try:
        yield
    finally:
        _pending_refresh.reset(token)
    refresh_search_fields(sorted(pending), using=using)


def refresh_soon(pks: Iterable[int], *, using=None) -> None:
    """Refreshes these sheets' search fields now, or at the end of a ``deferred_refresh``."""
    pending = _pending_refresh.get()
    if pending is None:
        refresh_search_fields(pks, using=using)
    else:
        pending.update(pks)


def _refresh_saved_action(sender, instance, created, raw, using, update_fields, **kwargs):
    if raw:  # fixtures load their own rows; ``rebuild_search`` computes them afterwards
        return
    if update_fields is not None and not SEARCHED_FIELDS & set(update_fields):
        return
    refresh_soon([instance.pk], using=using)


def _refresh_actions_of(sender, instance, created, raw, using, **kwargs):
    """A renamed centre or vocabulary entry renames it in its sheets' words."""
    if created or raw:
        return
    refresh_soon(instance.actions.values_list("pk", flat=True), using=using)


def vocabulary_fields() -> tuple[str, ...]:
    from .models import VOCABULARY_FIELDS  # here, as fiches.models imports this module

    return VOCABULARY_FIELDS


def connect_receivers() -> None:
    """Called once by ``FichesConfig.ready()``."""
    action_model = apps.get_model("fiches", "Action")
    post_save.connect(_refresh_saved_action, sender=action_model, dispatch_uid="search.action")
    for name in vocabulary_fields():
        field = action_model._meta.get_field(name)
        # Links added, removed or deleted with an entry: see fiches.signals.
        vocabulary = field.related_model
        post_save.connect(_refresh_actions_of, sender=vocabulary, dispatch_uid=f"search.{name}")
    centre_model = apps.get_model("centres", "Centre")
    post_save.connect(_refresh_actions_of, sender=centre_model, dispatch_uid="search.centre")
