"""Sets of rows as the bits of an integer."""

from hypothesis import given
from hypothesis import strategies as st

from core.bits import FEW_POSITIONS_PER_BYTE, bits_of, set_bits


@given(st.lists(st.integers(min_value=0, max_value=5_000)), st.integers(0, 200_000))
def test_the_integer_of_positions_has_their_bits_and_no_other(positions, offset):
    # Positions near the first row and far from it (an import's rows past every other),
    # repeated or not, in any order.
    positions = [position + offset for position in positions]
    expected = 0
    for position in positions:
        expected |= 1 << position
    assert bits_of(positions) == expected
    assert bits_of(tuple(positions)) == bits_of(iter(positions)) == expected
    assert list(set_bits(bin(expected)[:1:-1])) == sorted(set(positions))


def test_a_few_positions_far_from_the_first_row_and_many_give_the_same_bits():
    few = [100_003, 100_000, 100_999]
    assert len(few) < (max(few) // 8 + 1) // FEW_POSITIONS_PER_BYTE  # the shifted way
    assert bits_of(few) == (1 << 100_000) | (1 << 100_003) | (1 << 100_999)
    many = list(range(0, 100_000, 3))  # the way of every byte
    assert bits_of(many).bit_count() == len(many)
    assert bits_of([]) == 0
