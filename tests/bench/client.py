"""HTTP for the bench, to its own servers only (127.0.0.1): no proxy the environment may
name, no redirect followed."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlencode, urlsplit

LOOPBACK = "127.0.0.1"
REQUEST_TIMEOUT = 30  # seconds, per request


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is an answer to report (and a login's cookie is on it)


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def fetch(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    timeout: float = REQUEST_TIMEOUT,
) -> Response:
    """GETs ``url`` (POSTs ``form`` when given) and reads the whole body. Raises OSError on
    a timeout or a connection error."""
    if urlsplit(url).hostname != LOOPBACK:
        raise ValueError(f"le banc ne s'adresse qu'à {LOOPBACK} : {url}")
    data = urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


def get(url: str, *, headers: dict[str, str] | None = None) -> int:
    """GETs ``url`` and reads the whole body; returns the HTTP status."""
    return fetch(url, headers=headers).status


def concurrently(function, arguments: list) -> list:
    """``function`` of each argument, all at once, each in a thread of its own."""
    with ThreadPoolExecutor(len(arguments)) as pool:
        return list(pool.map(function, arguments))


def timed_get(url: str, *, headers: dict[str, str] | None = None) -> tuple[int, float]:
    """The status of a GET of ``url`` and its duration in milliseconds, body read."""
    started = time.perf_counter()
    status = get(url, headers=headers)
    return status, (time.perf_counter() - started) * 1000
