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
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag

from .changes import request_state

# Headers a kept page never gives again: another visitor's cookies, and what the server
# computes for each response.
NOT_KEPT = {"set-cookie", "content-length", "date", "etag"}


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
        kept = self.cache.get(key)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return self.with_etag(response, etag, request)
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            headers = [
                (name, value) for name, value in response.items() if name.lower() not in NOT_KEPT
            ]
            self.cache.set(
                key,
                (response.status_code, headers, response.content),
                settings.PAGE_CACHE_SECONDS,
            )
            self.with_etag(response, etag, request)
        return response

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
        page = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(f"{token}:{page}".encode()).hexdigest()
        return f"page:{digest}"

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


def _etags_of(request) -> set[str]:
    header = request.headers.get("If-None-Match", "")
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}
