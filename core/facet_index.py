"""A list's facets, counted in memory.

For each option of each facet, the index holds the rows filed under it as the bits of a
Python integer: bit *i* stands for the row at position *i* of the list's scope (what the
visitor may see). The rows a set of filters gives are then ANDs and ORs of those integers,
and an option's count one AND and one ``bit_count()``: every option of every facet is
counted in a few milliseconds, whatever the filters, where counting in SQL read the filtered
rows and the link tables again for each facet (over a second at 100,000 actions).

An index is built from the database for one scope of one list and then kept current by
:meth:`FacetIndex.patch`, which files again the rows an edit changed: a row keeps its
position while it stays in the scope, a new row takes a new position at the end, a row that
leaves the scope leaves a hole. Positions are then no longer in the scope's order, which
``order`` keeps (``core.facet_store`` reads and patches it from the database). This module
holds no database code.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from itertools import compress, islice, product, repeat
from operator import add, is_not

from .bits import bit_sliced_sum, bits_of, exactly, option_codes, set_bits
from .ranking import Ranking, patched
from .recent import Recent
from .reordering import FEW_MOVED, inserted, moved_in_place, reordered

# Searches (their rows and their order) remembered per index: at 100,000 sheets, a search
# that finds them all holds about a megabyte.
REMEMBERED = 16
# Counts kept among rows other than the whole scope's: those of a few pages of facets.
COUNTS_KEPT = 64
# Beyond this many options, a facet with one option per row is counted row by row.
MASKS_PER_FACET = 32
# The patches an index remembers the rows of, for its remembered searches to catch up with:
# beyond this many, the oldest two are merged into one, up to this many rows in all.
PATCHES_KEPT = 64
PATCHED_ROWS_KEPT = 20_000
# Below this many rows, a page in the scope's order is found by sorting the rows' positions
# by their rank; above it, by walking the scope's order.
SORTED_BELOW = 5_000

# One option: its label and its rows.
Option = tuple[str, int]


class FacetIndex:
    """The rows of a scope under each option of each facet (see the module's docstring)."""

    def __init__(
        self,
        keys: list,
        filed: Mapping[str, Mapping[str, tuple[str, Iterable[int]]]],
        single_valued: Iterable[str] = (),
        *,
        sort_hashes: Iterable[int] = (),
    ):
        """``keys``: the scope's keys in its order; ``filed``: facet → value → (label,
        positions of the rows filed under it); ``sort_hashes``: each row's values of what
        the scope is ordered by, as a number, to tell whether an edit moved it."""
        self.keys: list = list(keys)  # None at a hole
        self.sort_hashes = array("q", sort_hashes)
        self.positions = {key: position for position, key in enumerate(self.keys)}
        self.everything = (1 << len(self.keys)) - 1
        # The positions in the scope's order; None while that is the positions' own order.
        self.order: array | None = None
        self._ranks: array | None = None
        self.options: dict[str, dict[str, Option]] = {
            facet: {value: (label, bits_of(rows)) for value, (label, rows) in values.items()}
            for facet, values in filed.items()
        }
        self._totals: dict[str, list[tuple[str, str, int]]] = {}
        # What a narrowing filter gives (a search), as the same search is paged and refined
        # by facets: worked out once, then patched with the index.
        self.remembered: Recent[tuple[int, Ranking]] = Recent(REMEMBERED)
        # The rows most alike (``most_alike``) and the counts among some rows (``counts``),
        # until the rows are filed again.
        self._alike: Recent[tuple] = Recent(REMEMBERED)
        self._counted: Recent[list] = Recent(COUNTS_KEPT)
        self.patch_count = 0
        # The patches, oldest first: the first and last numbers of each (merged patches
        # span several), the keys it filed again, and the positions it emptied.
        self._patched: list[tuple[int, int, frozenset, frozenset[int]]] = []
        # A facet with one option per row and many options (centres, communes) is counted
        # from each row's option rather than with an AND per option (see ``_tally``).
        self._row_options = {
            facet: option_codes(
                {value: rows for value, (_, rows) in self.options[facet].items()}, len(self.keys)
            )
            for facet in single_valued
            if len(self.options[facet]) > MASKS_PER_FACET
        }

    @property
    def size(self) -> int:
        return len(self.positions)

    def rows_of(self, keys: Iterable) -> int:
        """The rows of these primary keys (those of the scope)."""
        return bits_of(self.positions[key] for key in keys if key in self.positions)

    def ranked(self, scored: Iterable[tuple]) -> Ranking:
        """The rows of ``(key, score)`` pairs in the scope, and their positions by score,
        the lowest first, then in the scope's order."""
        # A search may find 100,000 rows: each step is one of the interpreter's own loops
        # (map, compress, a sort of numbers), where sorting (score, rank, position) tuples
        # made a search's first page take a quarter of a second more.
        keys, scores = _columns(scored)
        positions = list(map(self.positions.get, keys))
        if None in positions:  # rows outside the scope (a sheet not published)
            inside = list(map(is_not, positions, repeat(None)))
            positions, scores = list(compress(positions, inside)), list(compress(scores, inside))
        # Each row as one number, score then rank: the score's level among the distinct
        # scores found, times ``bound``, plus the row's rank in the scope's order.
        levels = sorted(set(scores))
        level_of = {score: level for level, score in enumerate(levels)}
        bound = len(self.keys)  # above every rank
        ranks = positions if self.order is None else map(self.ranks().__getitem__, positions)
        numbers = sorted(map(add, map(bound.__mul__, map(level_of.__getitem__, scores)), ranks))
        by_rank = map(bound.__rmod__, numbers)
        in_order = array(
            "q", by_rank if self.order is None else map(self.order.__getitem__, by_rank)
        )
        # Arrays: a remembered search may hold 100,000 positions, a few bytes each rather
        # than an object each.
        return Ranking(
            bits_of(in_order),
            in_order,
            array("f", map(levels.__getitem__, map(bound.__rfloordiv__, numbers))),
        )

    def rank_of(self):
        """A position's rank in the scope's order (the position itself until a patch moved
        rows)."""
        return int if self.order is None else self.ranks().__getitem__

    def first_rows(
        self, rows: int, start: int, stop: int, *, order: Sequence[int] | None = None
    ) -> list:
        """The keys of ``rows`` from the ``start``-th to before the ``stop``-th, in the
        scope's order or in ``order`` (positions, as :meth:`ranked` gives them)."""
        bits = bin(rows)[:1:-1]  # the first position first
        if order is not None:
            in_order = (p for p in order if p < len(bits) and bits[p] == "1")
        elif self.order is None:
            in_order = set_bits(bits)
        elif rows.bit_count() < SORTED_BELOW:
            in_order = iter(sorted(set_bits(bits), key=self.ranks().__getitem__))
        else:
            in_order = (p for p in self.order if p < len(bits) and bits[p] == "1")
        return [self.keys[position] for position in islice(in_order, start, stop)]

    def ranks(self) -> array:
        """Each position's rank in the scope's order."""
        if self._ranks is None:
            ranks = array("q", [0]) * len(self.keys)
            for rank, position in enumerate(self.order):
                ranks[position] = rank
            self._ranks = ranks
        return self._ranks

    def rows_under(self, facet: str, values: Iterable[str]) -> int:
        """The rows filed under any of these options of ``facet``."""
        rows = 0
        for value in values:
            if value in self.options[facet]:
                rows |= self.options[facet][value][1]
        return rows

    def counts(self, facet: str, rows: int) -> list[tuple[str, str, int]]:
        """``(value, label, count)`` of each option of ``facet`` among ``rows``, options
        counting nothing left out."""
        if rows == self.everything:
            if facet not in self._totals:
                self._totals[facet] = self._count(facet, rows)
            return self._totals[facet]
        # A search's counts, kept until rows are filed again: an edit that leaves the index
        # as it was (a summary) does not count the 90,000 sheets of « parents » again.
        counted = self._counted.get((facet, rows))
        if counted is None:
            counted = self._count(facet, rows)
            self._counted.put((facet, rows), counted)
        return counted

    def _count(self, facet: str, rows: int) -> list[tuple[str, str, int]]:
        if facet in self._row_options:
            return self._tally(facet, rows)
        counted = []
        for value, (label, under) in self.options[facet].items():
            count = (under & rows).bit_count()
            if count:
                counted.append((value, label, count))
        return counted

    def _tally(self, facet: str, rows: int) -> list[tuple[str, str, int]]:
        """Counts the options of the rows' options: ``bin()`` spells the rows' bits, which
        select the rows' options (C loops both, as ``Counter`` is)."""
        values, codes = self._row_options[facet]
        bits = bin(rows)[:1:-1].encode().translate(_ZERO_ONE)  # the first position first
        tally = Counter(compress(codes, bits))
        options = self.options[facet]
        return [
            (values[code], options[values[code]][0], count)
            for code, count in tally.items()
            if code >= 0
        ]

    def most_alike(
        self, wanted: Sequence[tuple[str, Sequence[str]]], *, among: int, limit: int
    ) -> list:
        """The keys of the ``limit`` rows of ``among`` filed under the most of the options
        ``wanted`` of the first facet, then under the most of those of the second…, the
        lowest positions breaking ties; rows sharing none are left out.

        Counting, for each row, how many of the options it shares is done for all rows at
        once by adding the options' integers bit by bit ("bit-sliced" counters); the rows
        sharing exactly so many are then a few ANDs away, best first. Kept until a patch
        files rows again: a sheet's page asks it after each edit of another sheet."""
        asked = (tuple((facet, tuple(values)) for facet, values in wanted), among, limit)
        found = self._alike.get(asked)
        if found is None:
            found = self._most_alike(wanted, among, limit)
            self._alike.put(asked, found)
        return list(found)

    def _most_alike(self, wanted, among: int, limit: int) -> tuple:
        counters, most = [], []
        for facet, values in wanted:
            masks = [
                self.options[facet][value][1] for value in values if value in self.options[facet]
            ]
            counters.append(bit_sliced_sum(masks))
            most.append(len(masks))
        found: list[int] = []
        for shared in product(*(range(count, -1, -1) for count in most)):
            if not any(shared):
                break  # the last combination: rows sharing nothing
            rows = among
            for planes, count in zip(counters, shared, strict=True):
                rows &= exactly(planes, count, self.everything)
            while rows and len(found) < limit:
                lowest = rows & -rows
                found.append(lowest.bit_length() - 1)
                rows ^= lowest
            if len(found) >= limit:
                break
        return tuple(self.keys[position] for position in found)

    # Remembered searches ------------------------------------------------------------------

    def narrowed(
        self, key: Hashable, compute: Callable[[frozenset | None], Iterable | Ranking]
    ) -> Ranking:
        """What a narrowing filter gives, remembered by ``key``: ``compute(None)`` works it
        out for the whole scope, ``compute(keys)`` again for these keys only, which a
        remembered one needs after the index was patched: it is patched too, not thrown
        away. ``compute`` returns a :class:`Ranking` for the whole scope, and ``(key,
        score)`` pairs (or keys, for a filter that does not rank) for some keys."""
        kept = self.remembered.get(key)
        if kept is not None and kept[0] == self.patch_count:
            return kept[1]
        since = None if kept is None else self._patched_since(kept[0])
        if since is None:
            found = compute(None)
        else:
            changed, emptied = since
            found = self._patched_ranking(kept[1], changed, emptied, compute(changed))
        self.remembered.put(key, (self.patch_count, found))
        return found

    def _patched_since(self, number: int) -> tuple[frozenset, frozenset[int]] | None:
        """The keys filed again and the positions emptied by the patches after patch
        ``number`` (and perhaps a few before it, merged with them: filing a row again as it
        is changes nothing); None when they are no longer all remembered."""
        patches = [patch for patch in self._patched if patch[1] > number]
        if not patches or patches[0][0] > number + 1:
            return None
        return (
            frozenset().union(*(keys for _, _, keys, _ in patches)),
            frozenset().union(*(positions for _, _, _, positions in patches)),
        )

    def _patched_ranking(
        self, ranking: Ranking, changed: frozenset, emptied: frozenset, found: Iterable
    ) -> Ranking:
        """``ranking`` with the rows of ``changed`` keys as ``found`` now gives them;
        ``emptied``: the positions of changed rows that left the scope."""
        found = list(found)
        touched = {self.positions[key] for key in changed if key in self.positions} | emptied
        if ranking.positions is None:
            rows = ranking.rows & ~bits_of(touched) & self.everything
            return Ranking(rows | self.rows_of(found))
        return patched(ranking, touched, self.ranked(found), self.everything, self.rank_of())

    # Patching ----------------------------------------------------------------------------

    def _refile_row_options(self, facet: str, touched: list[int], now_under: Mapping) -> None:
        """Files again the rows at the ``touched`` positions in the rows' own options."""
        values, codes = self._row_options[facet]
        codes.extend([-1] * (len(self.keys) - len(codes)))
        for position in touched:
            codes[position] = -1
        code_of = {value: code for code, value in enumerate(values)}
        for value, positions in now_under.items():
            if value not in code_of:
                code_of[value] = len(values)
                values.append(value)
            for position in positions:
                codes[position] = code_of[value]

    def _options_holding(self, facet: str, touched: int, positions: list[int]) -> list[str]:
        """The options of ``facet`` that hold any of the ``touched`` rows (at
        ``positions``): read from the rows' own options where the index keeps them, rather
        than by an AND with each of thousands of options (a centre, a commune)."""
        if facet in self._row_options:
            values, codes = self._row_options[facet]
            size = len(codes)
            return list({values[codes[p]] for p in positions if p < size and codes[p] >= 0})
        return [value for value, (_, rows) in self.options[facet].items() if rows & touched]

    def _patch_totals(self, facet: str, left: Counter, now_under: Mapping) -> None:
        """Corrects the counts of the whole scope, when kept, by the rows a patch took out
        of options (``left``) and filed under them (``now_under``): an edit then costs
        the unfiltered list its own rows, not a new count of the whole catalogue."""
        if facet not in self._totals:
            return
        counts = {value: count for value, _, count in self._totals[facet]}
        for value, removed in left.items():
            counts[value] = counts.get(value, 0) - removed
        for value, positions in now_under.items():
            counts[value] = counts.get(value, 0) + len(set(positions))
        options = self.options[facet]
        self._totals[facet] = [
            (value, options[value][0], count) for value, count in counts.items() if count > 0
        ]

    def moved(self, sort_hashes: Mapping) -> list:
        """The keys of the rows that these sort hashes (by key) would give a new place in
        the scope's order: new rows, and those whose values of what orders the scope
        changed."""
        return [
            key
            for key, sort_hash in sort_hashes.items()
            if key not in self.positions or self.sort_hashes[self.positions[key]] != sort_hash
        ]

    def patch(
        self,
        changed: Iterable,
        filed: Mapping,
        labels: Mapping[str, Mapping[str, str]],
        sort_hashes: Mapping,
        order: Sequence | None = None,
        placed: Sequence[tuple] | None = None,
    ) -> bool:
        """Files again the rows of the ``changed`` keys: ``filed`` maps each of them still
        in the scope to its options (facet → values); ``labels`` gives each facet's
        options' labels, new or renamed; ``sort_hashes``, each row's (see :meth:`moved`).
        When the patch moves rows in the scope's order (rows leaving the scope need
        nothing): ``order``, the scope's keys in its order, or ``placed``, each moved row's
        key with the key of the row right before it (``core.scope_order.places_of``).
        False, with nothing changed, when ``placed`` does not place the moved rows."""
        changed = frozenset(changed)
        if (
            placed is None
            and order is None
            and self._filed_alike(changed, filed, labels, sort_hashes)
        ):
            # An edit of what the index does not hold (a summary): nothing to file again,
            # but a remembered search still scores the rows again.
            self._record_patch(changed, frozenset())
            return True
        if placed is not None:
            new_order = self._placed_order(changed, filed, placed)
            if new_order is None:
                return False
        self._alike.clear()
        self._counted.clear()
        # Where the rows were: only there do options hold them (none, for an import's).
        touched = self.rows_of(changed)
        emptied = set()
        for key in changed - filed.keys():  # out of the scope now
            position = self.positions.pop(key, None)
            if position is not None:
                self.keys[position] = None
                emptied.add(position)
        for key in filed:
            if key not in self.positions:
                self.positions[key] = len(self.keys)
                self.keys.append(key)
                self.sort_hashes.append(0)
            self.sort_hashes[self.positions[key]] = sort_hashes[key]
        self.everything = (self.everything & ~touched) | self.rows_of(filed)
        now_under: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for key, facets in filed.items():
            for facet, values in facets.items():
                for value in values:
                    now_under[facet][value].append(self.positions[key])
        touched_positions = list(set_bits(bin(touched)[:1:-1])) if touched else []
        for facet, options in self.options.items():
            left = Counter()  # what the totals lose
            holding = self._options_holding(facet, touched, touched_positions) if touched else ()
            for value in holding:
                label, rows = options[value]
                left[value] = (rows & touched).bit_count()
                options[value] = (label, rows & ~touched)
            for value, label in labels.get(facet, {}).items():
                if value in options:
                    options[value] = (label, options[value][1])
            for value, positions in now_under[facet].items():
                label, rows = options.get(value, (labels.get(facet, {}).get(value, value), 0))
                options[value] = (label, rows | bits_of(positions))
            if facet in self._row_options:
                self._refile_row_options(facet, touched_positions, now_under[facet])
            self._patch_totals(facet, left, now_under[facet])
        if placed is not None:
            self.order, self._ranks = new_order, None
        elif order is not None:
            self.order = array("q", [self.positions[key] for key in order if key in self.positions])
            self._ranks = None
        elif self.order is not None and len(self.order) > len(self.positions):
            self.order = array("q", [p for p in self.order if self.keys[p] is not None])
            self._ranks = None
        self._record_patch(changed, frozenset(emptied))
        return True

    def _record_patch(self, changed: frozenset, emptied: frozenset[int]) -> None:
        self.patch_count += 1
        self._patched.append((self.patch_count, self.patch_count, changed, emptied))
        if len(self._patched) <= PATCHES_KEPT:
            return
        # The oldest two merged rather than the oldest forgotten: a search remembered an
        # hour of edits ago is patched with the rows they wrote, not computed anew (600 ms
        # at 100,000 sheets), unless that is as many rows as a search computed anew reads.
        (first, _, keys, positions), (_, last, later_keys, later_positions) = self._patched[:2]
        merged = (first, last, keys | later_keys, positions | later_positions)
        if len(merged[2]) + len(merged[3]) > PATCHED_ROWS_KEPT:
            del self._patched[0]
        else:
            self._patched[:2] = [merged]

    def _filed_alike(
        self, changed: frozenset, filed: Mapping, labels: Mapping, sort_hashes: Mapping
    ) -> bool:
        """Whether the index already files the rows of ``changed`` as ``filed`` says, under
        options of the same labels and in the same places: a few rows only, each checked
        against its own options."""
        if len(changed) > FILED_ALIKE_CHECKED:
            return False
        for key in changed:
            position = self.positions.get(key)
            if (position is None) != (key not in filed):
                return False
            if position is None:
                continue
            if self.sort_hashes[position] != sort_hashes[key]:
                return False
            for facet in self.options:
                held = set(self._options_holding(facet, 1 << position, [position]))
                if held != set(filed[key].get(facet, ())):
                    return False
        for facet, named in labels.items():
            options = self.options.get(facet, {})
            for value, label in named.items():
                if value not in options or options[value][0] != label:
                    return False
        return True

    def options_of(self, key, facet: str) -> set[str]:
        """The options of ``facet`` the row of ``key`` is filed under (none when the row is
        not in the scope)."""
        position = self.positions.get(key)
        if position is None:
            return set()
        return set(self._options_holding(facet, 1 << position, [position]))

    def _placed_order(self, changed: frozenset, filed: Mapping, placed: Sequence[tuple]):
        """The scope's order (positions) once the rows of ``placed`` take their places and
        those of ``changed`` not ``filed`` leave; None when ``placed`` does not make one."""
        new_keys = (key for key in filed if key not in self.positions)
        new_positions = {key: len(self.keys) + number for number, key in enumerate(new_keys)}

        def position_of(key):  # as the patch numbers new rows
            position = self.positions.get(key)
            return new_positions.get(key) if position is None else position

        places = []
        for key, before in placed:
            position = position_of(key)
            before_position = None if before is None else position_of(before)
            if position is None or (before is not None and before_position is None):
                return None
            places.append((position, before_position))
        moved = {position for position, _ in places} | {
            self.positions[key] for key in changed - filed.keys() if key in self.positions
        }
        current = range(len(self.keys)) if self.order is None else self.order
        # The order holds the rows in the scope only (every patch keeps it so); without
        # one, every position is in the scope until a row leaves it.
        only_in_scope = self.order is not None or len(self.keys) == len(self.positions)
        if len(moved) <= FEW_MOVED and only_in_scope:
            return moved_in_place(array("q", current), moved, places)
        if only_in_scope and min(moved) >= len(self.keys):  # new rows only: an import
            return inserted(array("q", current), places, self.rank_of())
        if not only_in_scope:
            current = (position for position in current if self.keys[position] is not None)
        return reordered(current, moved, places)


def _columns(pairs: Iterable[tuple]) -> tuple[tuple, tuple]:
    """The first items of ``pairs`` and their second items."""
    columns = tuple(zip(*pairs, strict=True))
    return columns if columns else ((), ())


# Beyond this many rows changed, a patch files them again without first checking whether
# the index already files them so.
FILED_ALIKE_CHECKED = 64

_ZERO_ONE = bytes.maketrans(b"01", b"\x00\x01")
