"""Sets of rows as the bits of a Python integer: bit *i* is the row at position *i*."""

from array import array
from collections.abc import Iterable, Iterator


def set_bits(bits: str) -> Iterator[int]:
    """The positions of the ones in ``bits`` (``bin()`` reversed: the first row first)."""
    position = bits.find("1")
    while position != -1:
        yield position
        position = bits.find("1", position + 1)


def bits_of(positions: Iterable[int]) -> int:
    """The integer with these bits set; through bytes, since setting bits one by one on a
    large integer copies it each time."""
    if not isinstance(positions, list | tuple | array):  # read twice below
        positions = list(positions)
    if not positions:
        return 0
    buffer = bytearray(max(positions) // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")
