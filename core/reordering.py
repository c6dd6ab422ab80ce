"""A scope's order of positions, patched from the places of the rows that moved in it
(``core.scope_order.places_of``), without reading the rest of it again. Pure: no database."""

from __future__ import annotations

import contextlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import filterfalse
from operator import itemgetter


def reordered(
    order: Iterable[int], moved: frozenset[int] | set[int], placed: Sequence[tuple]
) -> array | None:
    """``order`` without the positions in ``moved``, and with each of ``placed`` (position,
    position of the row right before it, None for the first) right after its predecessor.

    ``placed`` comes in the scope's new order, so a moved row's predecessor, when it moved
    too, is placed before it. None when the places do not make one order: a row given two
    successors, or a predecessor that is nowhere (reads that crossed a concurrent write);
    the caller then reads the whole order again."""
    successor = _successors(placed)
    if successor is None:
        return None
    result = array("q")
    budget = len(placed)  # places that loop back on themselves would never end
    budget -= _append_chain(result, successor, None, budget)
    kept = 0
    for position in filterfalse(moved.__contains__, order):
        kept += 1
        result.append(position)
        if position in successor:
            budget -= _append_chain(result, successor, position, budget)
    if budget != 0 or len(result) != kept + len(placed):
        return None
    return result


def inserted(order: array, placed: Sequence[tuple], rank_of: Callable[[int], int]) -> array | None:
    """What :func:`reordered` gives when every row placed is new to ``order`` (an import's
    sheets): ``order`` with each of ``placed`` right after its predecessor. The rows placed
    after the same row of the order make a chain, put in between two slices of the order
    copied whole, where :func:`reordered` takes the whole order through Python's loops: a
    thousand sheets imported into 100,000 cost the order a thousand copies of slices, not
    100,000 steps. ``rank_of`` gives a row's rank in ``order`` (anything for a row not in
    it). None when the places do not make one order (see :func:`reordered`)."""
    successor = _successors(placed)
    newcomers = {position for position, _ in placed}
    if successor is None or len(newcomers) != len(placed):
        return None
    chains: list[tuple[int, array]] = []  # the rank each chain comes after, the chain
    budget = len(placed)  # places that loop back on themselves would never end
    for start in successor:
        if start in newcomers:
            continue  # within a chain, which starts at a row of the order (or at the top)
        rank = -1 if start is None else rank_of(start)
        if start is not None and not (0 <= rank < len(order) and order[rank] == start):
            return None  # a predecessor that is nowhere
        chain = array("q")
        budget -= _append_chain(chain, successor, start, budget)
        chains.append((rank, chain))
    if budget != 0:
        return None
    result, kept = array("q"), 0
    for rank, chain in sorted(chains, key=itemgetter(0)):
        result.extend(order[kept : rank + 1])
        result.extend(chain)
        kept = rank + 1
    result.extend(order[kept:])
    return result


def _successors(placed: Sequence[tuple]) -> dict | None:
    """Each predecessor of ``placed`` with the row placed right after it; None when one is
    given two."""
    successor: dict = {}
    for position, before in placed:
        if before in successor:
            return None
        successor[before] = position
    return successor


def _append_chain(result: array, successor: dict, start, budget: int) -> int:
    """Appends the rows that follow ``start``, up to ``budget`` of them; how many."""
    appended = 0
    position = successor.get(start)
    while position is not None and appended < budget:
        result.append(position)
        appended += 1
        position = successor.get(position)
    return appended


# Up to this many rows moved, :func:`moved_in_place` moves them in a copy of the order.
FEW_MOVED = 64


def moved_in_place(
    order: array, moved: frozenset[int] | set[int], placed: Sequence[tuple]
) -> array | None:
    """What :func:`reordered` gives, for a few moved rows, with ``placed`` in the scope's new
    order: ``order`` (changed in place) without the positions in ``moved``, and each of
    ``placed`` right after its predecessor. Each row is found, taken out and put in by the
    array's own loops, where :func:`reordered` takes the whole order through Python's: an
    edit of a title then costs the order a few scans in C, not 100,000 steps in Python.
    None when the places do not make one order (see :func:`reordered`), or do not come
    in the new order."""
    if _successors(placed) is None:
        return None
    for position in moved:
        with contextlib.suppress(ValueError):  # a new row is not in the order yet
            del order[order.index(position)]
    for position, before in placed:
        if before is None:
            order.insert(0, position)
            continue
        try:
            order.insert(order.index(before) + 1, position)
        except ValueError:  # a predecessor that is nowhere
            return None
    return order
