"""A page rendered at an earlier version of the catalogue, standing for the page of this one
when the writes since changed nothing it shows.

The page cache (``core.page_cache``) keeps a page under the catalogue's token, which every
write changes: after an edit, each process would render every page anew, the first page of
the list included, although most edits touch none of the twenty sheets it shows. A view that
knows what its page shows says so (:class:`PageInputs`): the keys of the rows it shows, and
a digest of everything else (their number, their order, the facets' counts...), worked out
without reading the rows themselves. The cache keeps, for each address, its last rendering
with those inputs and the catalogue's state it was rendered at. When the inputs are the
same now and the log of changes (``core.changes``) says that the writes since touched none
of the rows shown, in tables whose writes reach the page only through those rows, the
earlier rendering stands: the view answers :class:`EarlierRenderingStands` and the cache
serves the earlier page, without reading the rows or rendering the template.

A write to any other table (a centre renamed, a keyword, an attachment) is taken to change
the page: what the page shows beyond its rows needs no declaring to be safe.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

from .changes import CatalogueState, Changes, changes_between, request_state


@dataclass(frozen=True)
class PageInputs:
    """What a page shows: ``rows``, the keys of the rows it shows, and ``facts``, a digest of
    all the rest that depends on the catalogue. ``row_tables`` are the tables whose logged
    keys are those rows' keys (the rows' own table, their links, their search documents);
    ``covered_tables`` those whose writes reach the page only through its facts, or not
    at all."""

    facts: str
    rows: frozenset
    row_tables: frozenset[str]
    covered_tables: frozenset[str] = frozenset()

    @classmethod
    def of(cls, facts, rows, *, row_tables, covered_tables=()) -> PageInputs:
        """The inputs of a page showing ``rows`` whose other facts are ``facts`` (a value
        whose ``repr`` says them all), with the facts every page shows
        (``PAGE_RENDERINGS_SHARED_FACTS``)."""
        shared = [import_string(path)() for path in settings.PAGE_RENDERINGS_SHARED_FACTS]
        digest = hashlib.sha256(repr((facts, shared)).encode()).hexdigest()
        return cls(digest, frozenset(rows), frozenset(row_tables), frozenset(covered_tables))

    def untouched_by(self, changes: Changes) -> bool:
        """Whether ``changes`` leave the page as it was, its facts being the same."""
        if changes.emptied:
            return False
        for table, keys in changes.rows.items():
            if table in self.covered_tables:
                continue
            if table not in self.row_tables or not keys.isdisjoint(self.rows):
                return False
        return True


@dataclass(frozen=True)
class Rendering:
    """A page as rendered, with its inputs and the catalogue's state it is current at;
    ``rendered_at`` on the wall clock (processes on several machines compare it)."""

    page: tuple
    inputs: PageInputs
    token: int
    position: str | int
    rendered_at: float

    def current_at(self, state: CatalogueState) -> Rendering:
        return replace(self, token=state.token, position=state.position)


class EarlierRenderingStands(HttpResponse):
    """A view's answer when the earlier rendering shows what its page would: the page
    cache serves that rendering in its place."""


class PageRenderings:
    """What the page cache puts on a request whose page it may keep: the page's last
    rendering, read from the cache when a view first asks for it (a page whose view says
    nothing of what it shows costs no reading), and the inputs its view said."""

    def __init__(self, cache, key: str):
        self.cache = cache
        self.key = key
        self.inputs: PageInputs | None = None

    @cached_property
    def earlier(self) -> Rendering | None:
        return self.cache.get(self.key)

    def read(self, earlier: Rendering | None) -> None:
        """The last rendering, read from the cache with something else."""
        self.earlier = earlier

    def rendering_of(self, page: tuple) -> Rendering | None:
        """The rendering to keep of ``page``; None when its view did not say what it
        shows."""
        if self.inputs is None or _in_transaction():
            return None
        state = request_state()
        if state.token is None or state.position is None:
            return None
        return Rendering(page, self.inputs, state.token, state.position, time.time())


def earlier_rendering_response(
    request, inputs_of: Callable[[], PageInputs | None]
) -> EarlierRenderingStands | None:
    """A view's answer when the page rendered earlier for this address shows what its page
    would show now (``inputs_of()`` says what that is); None when the view renders the page,
    which the page cache then keeps with those inputs."""
    renderings: PageRenderings | None = getattr(request, "page_renderings", None)
    if renderings is None:  # not a page the cache keeps: its inputs are not worked out
        return None
    inputs = renderings.inputs = inputs_of()
    earlier = renderings.earlier if inputs is not None else None
    if earlier is None or earlier.inputs != inputs or _in_transaction():
        return None
    # A kept page is never older than the cache keeps pages: what it shows of the day (a
    # date, « il y a 3 jours ») stays as current as a page kept under one version.
    if time.time() - earlier.rendered_at > settings.PAGE_CACHE_SECONDS:
        return None
    state = request_state()
    if state.token != earlier.token:
        changes = changes_between(CatalogueState(earlier.token, earlier.position), state)
        if changes is None or not inputs.untouched_by(changes):
            return None
    return EarlierRenderingStands()


def _in_transaction() -> bool:
    """Whether the request reads inside a transaction, whose own writes (a test's) have no
    place in the log until it commits: its states cannot tell what changed between them."""
    return connections[DEFAULT_DB_ALIAS].in_atomic_block
