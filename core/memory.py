"""Giving back to the system the memory a large piece of work freed.

CPython frees a large structure's objects, but the C allocator keeps the pages they held
for later: after an index of 100,000 rows is built (``core.facet_store``), a process stays
some 90 MB larger than what it then holds, and the workers gunicorn forks from it start
that large. glibc's ``malloc_trim`` gives those pages back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


@cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None under another C library."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> bool:
    """Gives the freed pages back; False when the C library cannot (they are then kept, as
    without this). What reference counting freed is enough: a collection of the cycles would
    walk every object of the process for little."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
