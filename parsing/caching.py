"""A cache of what is computed from short strings, bounded in bytes as well as in entries.

``functools.lru_cache(maxsize=n)`` bounds the number of entries, not their size: keyed on
words or lines that anyone may type, 65,536 entries of a few kilobytes each are half a
gigabyte per process. Strings longer than ``max_length`` are computed each time instead:
the words and headings worth remembering are short.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

Result = TypeVar("Result")


def short_string_cache(
    *, maxsize: int, max_length: int
) -> Callable[[Callable[[str], Result]], Callable[[str], Result]]:
    """Caches ``function(text)`` for the last ``maxsize`` strings of up to ``max_length``
    characters; ``cache_info`` and ``cache_clear`` are those of that cache."""

    def decorate(function: Callable[[str], Result]) -> Callable[[str], Result]:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def keyed(text: str) -> Result:
            return cached(text) if len(text) <= max_length else function(text)

        keyed.cache_info = cached.cache_info
        keyed.cache_clear = cached.cache_clear
        return keyed

    return decorate
