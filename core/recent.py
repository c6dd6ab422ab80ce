"""What a process keeps of what it computed from the catalogue, bounded in number."""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Recent(Generic[Value]):
    """The last ``size`` values put, by key; thread-safe."""

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Value) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


class RecentValues(Generic[Value]):
    """What this process computed from the catalogue, the last ``size`` values by key, each
    with the catalogue's version it was computed at: a value is given again only for the
    same version (``core.changes.request_state``), so it is never stale. Thread-safe."""

    # The version of values that do not depend on one (they live in a value that does).
    ANY_VERSION = 0

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, tuple[int, Value]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, compute: Callable[[], Value], *, version=ANY_VERSION) -> Value:
        """The value kept for ``key`` at ``version``, or ``compute()``, then kept (unless
        ``version`` is None: a catalogue without a version keeps nothing)."""
        with self._lock:
            kept = self._values.get(key)
            if kept is not None and version is not None and kept[0] == version:
                self._values.move_to_end(key)
                return kept[1]
        value = compute()
        if version is not None:
            with self._lock:
                self._values[key] = (version, value)
                self._values.move_to_end(key)
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
