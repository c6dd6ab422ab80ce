"""Sets of rows as the bits of a Python integer: bit *i* is the row at position *i*."""

from array import array
from collections.abc import Iterable, Iterator, Mapping


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
    # A few positions far from the first row (the rows an import adds sit past every
    # other): the bytes below the lowest are not read into the integer but shifted in.
    # After a thousand sheets imported into 100,000, some thousand options each get a few
    # rows at the end, and reading 12 kB of zeros for each took most of the time of filing
    # them. Finding the lowest of many positions would cost more than it saves.
    if len(positions) < len(buffer) // FEW_POSITIONS_PER_BYTE:
        skipped = min(positions) >> 3
        return int.from_bytes(memoryview(buffer)[skipped:], "little") << 8 * skipped
    return int.from_bytes(buffer, "little")


# Below one position for this many bytes of an integer, :func:`bits_of` finds the lowest.
FEW_POSITIONS_PER_BYTE = 16


def bit_sliced_sum(masks: Iterable[int]) -> list[int]:
    """For each row, how many of ``masks`` hold it, as binary digits: bit *i* of
    ``planes[d]`` is digit *d* of row *i*'s count."""
    planes: list[int] = []
    for carry in masks:
        for digit, plane in enumerate(planes):
            if not carry:
                break
            planes[digit], carry = plane ^ carry, plane & carry
        if carry:
            planes.append(carry)
    return planes


def exactly(planes: list[int], count: int, everything: int) -> int:
    """The rows whose count (see :func:`bit_sliced_sum`) is ``count``."""
    if count >> len(planes):
        return 0
    rows = everything
    for digit, plane in enumerate(planes):
        rows &= plane if count >> digit & 1 else ~plane
    return rows


def option_codes(options: Mapping[str, int], size: int) -> tuple[list[str], array]:
    """The options' values (value → rows), and each of ``size`` positions' option as its
    index among them (-1 for none): for options that file each row under one at most."""
    values = list(options)
    codes = array("l", [-1]) * size
    for code, value in enumerate(values):
        for position in set_bits(bin(options[value])[:1:-1]):
            codes[position] = code
    return values, codes
