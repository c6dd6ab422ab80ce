"""A remembered search takes in an edit (``core.ranking.patched``): the rows touched leave
it, what the search gives them now comes in, and the ranking is the one made afresh."""

import random
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from core.bits import bits_of
from core.ranking import Ranking, index_of, patched


def ranking_of(scored: dict[int, float], rank_of) -> Ranking:
    """The ranking of positions with these scores, made afresh: by score (as stored, in
    single precision), then by rank in the scope's order."""
    stored = {position: array("f", [score])[0] for position, score in scored.items()}
    found = sorted((score, rank_of(position), position) for position, score in stored.items())
    return Ranking(
        bits_of(stored),
        array("q", [position for _, _, position in found]),
        array("f", [score for score, _, _ in found]),
    )


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    size=st.integers(1, 400),
    touched_count=st.integers(0, 120),
    shuffled=st.booleans(),
)
def test_a_patched_ranking_is_the_one_made_afresh(seed, size, touched_count, shuffled):
    rng = random.Random(seed)
    order = list(range(size))
    if shuffled:  # a patch moved rows in the scope's order: ranks are no longer positions
        rng.shuffle(order)
    ranks = {position: rank for rank, position in enumerate(order)}
    rank_of = ranks.__getitem__
    # Few distinct scores: ties are many, and broken by the scope's order.
    scored = {p: float(rng.randrange(5)) for p in range(size) if rng.random() < 0.6}
    everything = bits_of(range(size))
    touched = set(rng.sample(range(size), min(touched_count, size)))
    now = {p: float(rng.randrange(5)) / 2 for p in touched if rng.random() < 0.5}
    left = {p for p in touched if p not in now and rng.random() < 0.3}  # out of the scope

    result = patched(
        ranking_of(scored, rank_of),
        touched,
        ranking_of(now, rank_of),
        everything & ~bits_of(left),
        rank_of,
    )

    expected = ranking_of({p: s for p, s in scored.items() if p not in touched} | now, rank_of)
    assert result.rows == expected.rows
    assert list(result.positions) == list(expected.positions)
    assert list(result.scores) == list(expected.scores)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), size=st.integers(0, 300), added=st.integers(1, 80))
def test_rows_new_to_the_scope_come_in_at_their_places(seed, size, added):
    # An import: new rows at new positions past the others, placed anywhere in the order;
    # every entry of the ranking stays.
    rng = random.Random(seed)
    order = list(range(size))
    for position in range(size, size + added):
        order.insert(rng.randint(0, len(order)), position)
    ranks = {position: rank for rank, position in enumerate(order)}
    rank_of = ranks.__getitem__
    scored = {p: float(rng.randrange(5)) for p in range(size) if rng.random() < 0.6}
    new = {p: float(rng.randrange(5)) for p in range(size, size + added) if rng.random() < 0.6}
    before = ranking_of(scored, rank_of)

    result = patched(
        before, set(range(size, size + added)), ranking_of(new, rank_of),
        bits_of(range(size + added)), rank_of,
    )  # fmt: skip

    expected = ranking_of(scored | new, rank_of)
    assert result.rows == expected.rows
    assert list(result.positions) == list(expected.positions)
    assert list(result.scores) == list(expected.scores)
    assert list(before.positions) == list(ranking_of(scored, rank_of).positions)  # untouched


def test_a_position_is_found_at_its_entry_not_astride_two_others():
    # 256 then 0 hold, one byte in, the bytes of 1.
    positions = array("q", [256, 0, 1])

    assert index_of(positions, 1) == 2
    assert index_of(positions, 256) == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 1 << 20), min_size=1, max_size=300, unique=True), st.data())
def test_a_position_is_found_where_the_array_holds_it(values, data):
    positions = array("q", values)
    wanted = data.draw(st.sampled_from(values))

    assert index_of(positions, wanted) == values.index(wanted)
