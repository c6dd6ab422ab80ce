"""Anonymous pages, kept whole in the shared cache while the catalogue is unchanged.

A page that a visitor without a session sees is the same for every such visitor: it is
rendered once per version of the catalogue (``core.versioning``: a token that every write
changes, in the writing transaction) and kept in the cache (Redis when ``REDIS_URL`` is set,
shared by every process of every machine; the process's memory otherwise). The token is read
on every request, so an edit shows on the next request after its commit, everywhere.

The page's ETag is made of that token: a browser that has the page asks again with
``If-None-Match`` and gets a 304 without the page being rendered or even read from the cache.

The middleware sits right after the security and static-file ones: a kept page skips the
rest, and it keeps the headers the inner middleware set on the page it stored (the security
policies among them) to give them again.

After a write, a page whose view says what it shows is served from its last rendering when
the write changed none of it (``core.page_renderings``), rather than rendered anew.

A page that several visitors ask for at once while it is not kept (the busiest pages, right
after every edit: each process is asked for them again) is rendered by one process only: the
first takes a short lock in the shared cache, the others wait for the page it keeps
(:meth:`AnonymousPageCacheMiddleware.rendered_elsewhere`) rather than each do the same work on
the same cores, the patch of its facet index after a large import among it. A lock left by a
process that died, or a wait longer than ``PAGE_CACHE_RENDER_WAIT_SECONDS``, and the waiting
process renders the page itself. So does it when the rendering process says that its work is
its own (:func:`stop_others_waiting`: a search it computes for the first time, which the
others may remember): waiting would stall every process on one's first time.

Each process also keeps the pages it served last in its own memory (:class:`RecentPages`,
``PAGE_CACHE_LOCAL_BYTES``), in front of the shared cache: a page is kept under its token,
so a copy is never stale, and the busiest pages are then served without a round trip to
Redis, which was a third of the time a kept page took.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from contextvars import ContextVar
from threading import Lock

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag

from .changes import request_state
from .page_renderings import EarlierRenderingStands, PageRenderings, Rendering

# Headers a kept page never gives again: another visitor's cookies, and what the server
# computes for each response.
NOT_KEPT = {"set-cookie", "content-length", "date", "etag"}

# Waiting for a page another process renders: short pauses while it may be done any moment
# (after an edit, a page takes 10-30 ms to render: the waiter answered up to 10 ms after
# the page was kept, with pauses doubled from 2 ms), then pauses doubled up to the longest
# (after a large import, a few hundred ms: a round trip to the cache every millisecond
# would be wasted).
RENDER_WAIT_SHORT_PAUSE = 0.001  # seconds
RENDER_WAIT_SHORT_FOR = 0.04
RENDER_WAIT_LONGEST_PAUSE = 0.01

# The values of a rendering's lock: rendering, or rendering with work of this process's own.
RENDERING = "rendering"
RENDERING_ALONE = "alone"

# The shared cache and the lock of the page this request renders, while it holds one.
_lock_held: ContextVar[tuple | None] = ContextVar("page_cache_lock_held", default=None)

# A kept page: its status, its headers and its body.
Page = tuple[int, list[tuple[str, str]], bytes]


class RecentPages:
    """The pages a process served last, bounded by their size in bytes: the least recently
    served goes first. A page larger than a tenth of the bound is not kept here."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._pages: OrderedDict[str, tuple[Page, int]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: str) -> Page | None:
        with self._lock:
            kept = self._pages.get(key)
            if kept is None:
                return None
            self._pages.move_to_end(key)
            return kept[0]

    def put(self, key: str, page: Page) -> None:
        _status, headers, content = page
        size = len(content) + sum(len(name) + len(value) for name, value in headers) + len(key)
        if size > self.max_bytes // 10:
            return
        with self._lock:
            if key in self._pages:
                return
            self._pages[key] = (page, size)
            self.size += size
            while self.size > self.max_bytes:
                _, (_, oldest_size) = self._pages.popitem(last=False)
                self.size -= oldest_size

    def __len__(self) -> int:
        return len(self._pages)


# The process's recent pages, by the shared cache's full key (its prefix is the cache's own,
# so that two caches never share a page).
_recent_pages: RecentPages | None = None


def recent_pages() -> RecentPages | None:
    """The process's recent pages, of the size the settings say; None when they keep none."""
    global _recent_pages
    max_bytes = settings.PAGE_CACHE_LOCAL_BYTES
    if not max_bytes:
        return None
    if _recent_pages is None or _recent_pages.max_bytes != max_bytes:
        _recent_pages = RecentPages(max_bytes)
    return _recent_pages


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        if not settings.PAGE_CACHE_ALIAS:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.cache = caches[settings.PAGE_CACHE_ALIAS]
        self.excluded = tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES)

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        token = request_state().token
        if token is None:
            return self.get_response(request)
        key = self.key_for(request, token)
        etag = quote_etag(key[-24:])
        if etag in _etags_of(request):
            return self.not_modified(etag)
        # The page's last rendering comes with the page, in the same round trip: after an
        # edit the page is not kept under the new token, and the rendering is what may stand.
        renderings = PageRenderings(self.cache, self.rendering_key_for(request))
        kept = self.kept_page(key, renderings)
        if kept is not None:
            return self.with_etag(self.response_of(kept), etag, request)
        lock = f"rendering-now:{key}"
        if not self.cache.add(lock, RENDERING, settings.PAGE_CACHE_RENDER_WAIT_SECONDS):
            kept = self.rendered_elsewhere(key, lock)
            if kept is not None:
                return self.with_etag(self.response_of(kept), etag, request)
            return self.rendered(request, key, etag, renderings)
        held = _lock_held.set((self.cache, lock))
        try:
            return self.rendered(request, key, etag, renderings)
        finally:
            _lock_held.reset(held)
            self.cache.delete(lock)

    def rendered(self, request, key: str, etag: str, renderings: PageRenderings):
        """The page rendered, and kept when it may be, with its rendering: both in one
        round trip."""
        request.page_renderings = renderings
        response = self.get_response(request)
        if isinstance(response, EarlierRenderingStands):
            earlier = renderings.earlier
            self.keep_page(key, earlier.page, renderings.key, earlier.current_at(request_state()))
            return self.with_etag(self.response_of(earlier.page), etag, request)
        if self.is_cacheable_response(response):
            headers = [
                (name, value) for name, value in response.items() if name.lower() not in NOT_KEPT
            ]
            page = (response.status_code, headers, response.content)
            self.keep_page(key, page, renderings.key, renderings.rendering_of(page))
            self.with_etag(response, etag, request)
        return response

    def rendered_elsewhere(self, key: str, lock: str) -> Page | None:
        """The page another process is rendering under ``lock``, once it keeps it; None
        when it gives up (a page not kept: an error, a cookie), takes too long, or says its
        work is its own (:func:`stop_others_waiting`). Asked for again and again, at first
        every millisecond, then less often: the page and the lock in one round trip."""
        started = time.monotonic()
        deadline = started + settings.PAGE_CACHE_RENDER_WAIT_SECONDS
        pause = RENDER_WAIT_SHORT_PAUSE
        while time.monotonic() < deadline:
            time.sleep(pause)
            if time.monotonic() - started >= RENDER_WAIT_SHORT_FOR:
                pause = min(pause * 2, RENDER_WAIT_LONGEST_PAUSE)
            found = self.cache.get_many([key, lock])
            if key in found:
                if (here := recent_pages()) is not None:
                    here.put(self.cache.make_key(key), found[key])
                return found[key]
            if found.get(lock, RENDERING_ALONE) == RENDERING_ALONE:
                return None  # the lock dropped without a page, or the work is its own
        return None

    @staticmethod
    def response_of(page: Page) -> HttpResponse:
        status, headers, content = page
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    def kept_page(self, key: str, renderings: PageRenderings) -> Page | None:
        """The page kept under ``key``, from this process's recent pages or the shared
        cache; when the shared cache is asked, the page's last rendering is read with it
        (``renderings``)."""
        here = recent_pages()
        full_key = self.cache.make_key(key)
        if here is not None and (page := here.get(full_key)) is not None:
            return page
        found = self.cache.get_many([key, renderings.key])
        renderings.read(found.get(renderings.key))
        page = found.get(key)
        if page is not None and here is not None:
            here.put(full_key, page)
        return page

    def keep_page(
        self, key: str, page: Page, rendering_key: str, rendering: Rendering | None
    ) -> None:
        """Keeps ``page`` under ``key``, and when given, its ``rendering`` under
        ``rendering_key``."""
        kept = {key: page}
        if rendering is not None:
            kept[rendering_key] = rendering
        self.cache.set_many(kept, settings.PAGE_CACHE_SECONDS)
        if (here := recent_pages()) is not None:
            here.put(self.cache.make_key(key), page)

    def is_cacheable_request(self, request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(self.excluded)
        )

    @staticmethod
    def is_cacheable_response(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def key_for(request, token: int) -> str:
        digest = hashlib.sha256(f"{token}:{_address(request)}".encode()).hexdigest()
        return f"page:{digest}"

    @staticmethod
    def rendering_key_for(request) -> str:
        """The key of the last rendering of the page, whatever the version it was of."""
        return f"rendering:{hashlib.sha256(_address(request).encode()).hexdigest()}"

    @staticmethod
    def with_etag(response, etag: str, request):
        response["ETag"] = etag
        # Browsers ask again every time (an edit shows at once) and get a 304 while the
        # catalogue is unchanged.
        patch_cache_control(response, no_cache=True)
        if request.method == "HEAD":
            response.content = b""
        return response

    @staticmethod
    def not_modified(etag: str):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True)
        return response


def stop_others_waiting() -> None:
    """Said while a page is rendered, before work that this process does for itself alone
    (a search it computes for the first time, where another process may remember it and
    render the page at once): the processes waiting for the page render it themselves."""
    held = _lock_held.get()
    if held is not None:
        cache, lock = held
        cache.set(lock, RENDERING_ALONE, settings.PAGE_CACHE_RENDER_WAIT_SECONDS)


def _address(request) -> str:
    """The page's address, the host with it: each site of a shared cache has its own."""
    return f"{request.get_host()}{request.get_full_path()}"


def _etags_of(request) -> set[str]:
    header = request.headers.get("If-None-Match", "")
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}
