"""What a narrowing filter (a search) gives an index: its rows and, when it ranks them, their
positions best first with their scores; and how a remembered one takes in an edit."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from .bits import bits_of, set_bits

# Up to this many rows changed, a ranking's entries are moved one by one.
FEW_TOUCHED = 16


@dataclass(frozen=True)
class Ranking:
    """The rows a narrowing filter gives (a search) and, when it ranks them, their
    positions best first with their scores (the lower the better)."""

    rows: int
    positions: Sequence[int] | None = None
    scores: Sequence[float] | None = None


def patched(
    ranking: Ranking, touched: set[int], fresh: Ranking, everything: int, rank_of
) -> Ranking:
    """``ranking`` with its entries at ``touched`` positions replaced by ``fresh`` (what the
    filter gives those rows now); ``everything``: the positions still in the scope;
    ``rank_of``: a position's rank in the scope's order, which breaks ties of scores."""
    if len(touched) <= FEW_TOUCHED:
        return _moved(ranking, touched, fresh, rank_of)
    touched_rows = bits_of(touched)
    rows = ranking.rows & ~touched_rows & everything
    # The entries kept stay in their order: a patch moves in the scope's order only the rows
    # it touched. Each fresh one is then put in its place, found by bisection, rather than
    # the whole ranking keyed and merged again (a search of 50,000 rows after an import).
    # Out too: the rows that left the scope.
    left = ranking.rows & ~everything
    if ranking.rows & touched_rows or left:
        removed = touched | set(set_bits(bin(left)[:1:-1]))
        selected = [position not in removed for position in ranking.positions]
        kept_positions = array("q", compress(ranking.positions, selected))
        kept_scores = array("f", compress(ranking.scores, selected))
    else:
        # Rows new to the ranking only (an import's): every entry stays, as it is, where
        # sorting out 90,000 entries took a fifth of the patch.
        kept_positions, kept_scores = ranking.positions, ranking.scores
    positions, scores = array("q"), array("f")
    start = 0
    for position, score in zip(fresh.positions, fresh.scores, strict=True):
        low = bisect_left(kept_scores, score, start)
        high = bisect_right(kept_scores, score, low)
        index = bisect_left(kept_positions, rank_of(position), low, high, key=rank_of)
        positions += kept_positions[start:index]
        scores += kept_scores[start:index]
        positions.append(position)
        scores.append(score)
        start = index
    positions += kept_positions[start:]
    scores += kept_scores[start:]
    return Ranking(rows | fresh.rows, positions, scores)


def index_of(positions: array, position: int) -> int:
    """The index of ``position`` in ``positions`` (an array of 8-byte integers holding it),
    found in their bytes: ``array.index`` makes an object of each entry it compares, 3.7 ms
    through a search's 90,000 rows, each time an edit touches one of them; a search of the
    bytes takes a fifth of that. A match astride two entries is passed over."""
    data, wanted = positions.tobytes(), array(positions.typecode, [position]).tobytes()
    width = len(wanted)
    found = data.find(wanted)
    while found > 0 and found % width:
        found = data.find(wanted, found + 1)
    if found < 0:
        raise ValueError(f"{position} is not among the positions")
    return found // width


def _moved(ranking: Ranking, touched: set[int], fresh: Ranking, rank_of) -> Ranking:
    """``ranking`` with the entries at ``touched`` positions taken out and ``fresh`` ones put
    in their places (by score, then position), for a few of them: each is found and moved
    by the arrays' own loops, where the whole ranking would go through Python's."""
    positions, scores = array("q", ranking.positions), array("f", ranking.scores)
    rows = ranking.rows
    for position in touched:
        if rows >> position & 1:
            index = index_of(positions, position)
            del positions[index], scores[index]
            rows ^= 1 << position
    for position, score in zip(fresh.positions, fresh.scores, strict=True):
        low, high = bisect_left(scores, score), bisect_right(scores, score)
        index = bisect_left(positions, rank_of(position), low, high, key=rank_of)
        positions.insert(index, position)
        scores.insert(index, score)
        rows |= 1 << position
    return Ranking(rows, positions, scores)
