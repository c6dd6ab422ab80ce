"""A scope's order patched from the places of the rows that moved gives the order itself."""

from array import array

from hypothesis import given
from hypothesis import strategies as st

from core.reordering import inserted, moved_in_place, reordered


def places(new_order: list[int], moved: set[int]) -> list[tuple]:
    """What ``core.scope_order.places_of`` reads: each moved row still there, in the new
    order, with the row right before it."""
    return [
        (position, new_order[rank - 1] if rank else None)
        for rank, position in enumerate(new_order)
        if position in moved
    ]


@st.composite
def patches(draw):
    """An order of positions, then rows moved in it, rows leaving it and rows added."""
    size = draw(st.integers(0, 40))
    old_order = draw(st.permutations(range(size)))
    leaving = draw(st.sets(st.sampled_from(range(size)), max_size=size) if size else st.just(set()))
    staying = [position for position in old_order if position not in leaving]
    moving = draw(
        st.sets(st.sampled_from(staying), max_size=len(staying)) if staying else st.just(set())
    )
    added = list(range(size, size + draw(st.integers(0, 10))))
    new_order = [position for position in staying if position not in moving]
    for position in [*moving, *added]:
        new_order.insert(draw(st.integers(0, len(new_order))), position)
    return old_order, leaving, set(moving) | set(added), new_order


@given(patches())
def test_the_places_of_the_moved_rows_give_the_new_order(patch):
    old_order, leaving, moved, new_order = patch
    result = reordered(old_order, moved | leaving, places(new_order, moved))
    assert result is not None and list(result) == new_order


def test_places_that_do_not_make_one_order_are_refused():
    assert reordered([0, 1, 2], {3, 4}, [(3, 1), (4, 1)]) is None  # two rows right after 1
    assert reordered([0, 1, 2], {3}, [(3, 9)]) is None  # after a row that is nowhere
    assert reordered([0, 1], {2, 3}, [(2, 3), (3, 2)]) is None  # each after the other


@given(patches())
def test_a_few_rows_moved_in_place_give_the_new_order_too(patch):
    old_order, leaving, moved, new_order = patch
    result = moved_in_place(array("q", old_order), moved | leaving, places(new_order, moved))
    assert result is not None and list(result) == new_order


def test_moving_in_place_refuses_places_that_make_no_order():
    assert moved_in_place(array("q", [0, 1, 2]), {3, 4}, [(3, 1), (4, 1)]) is None
    assert moved_in_place(array("q", [0, 1, 2]), {3}, [(3, 9)]) is None
    assert moved_in_place(array("q", [0, 1]), {2, 3}, [(2, 3), (3, 2)]) is None


@st.composite
def additions(draw):
    """An order of positions, then rows added to it (an import)."""
    size = draw(st.integers(0, 40))
    old_order = draw(st.permutations(range(size)))
    added = list(range(size, size + draw(st.integers(0, 30))))
    new_order = list(old_order)
    for position in added:
        new_order.insert(draw(st.integers(0, len(new_order))), position)
    return old_order, set(added), new_order


def ranks_in(order) -> callable:
    rank = {position: number for number, position in enumerate(order)}
    return lambda position: rank.get(position, -5)


@given(additions())
def test_rows_added_are_inserted_where_their_places_say(addition):
    old_order, added, new_order = addition
    result = inserted(array("q", old_order), places(new_order, added), ranks_in(old_order))
    assert result is not None and list(result) == new_order


def test_inserting_refuses_places_that_make_no_order():
    order = array("q", [0, 1, 2])
    assert inserted(order, [(3, 1), (4, 1)], ranks_in(order)) is None  # two rows after 1
    assert inserted(order, [(3, 9)], ranks_in(order)) is None  # after a row that is nowhere
    assert inserted(order, [(3, 4), (4, 3)], ranks_in(order)) is None  # each after the other
    assert inserted(order, [(3, 1), (3, 2)], ranks_in(order)) is None  # one row, two places
