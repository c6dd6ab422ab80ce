"""HTTP for the bench, to its own servers only (127.0.0.1): no proxy the environment may
name, no redirect followed, and cookies kept by hand, since production's are ``Secure`` and
a cookie jar would not send them over plain HTTP."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

LOOPBACK = "127.0.0.1"
REQUEST_TIMEOUT = 30  # seconds, per request
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


@dataclass
class Session:
    """A browser's cookies on one server."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}

    def fetch(self, path: str, *, form: dict[str, str] | None = None) -> Response:
        response = fetch(self.base_url + path, headers=self.headers, form=form)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response


def log_in(base_url: str, *, username: str, password: str) -> Session:
    """A session logged in through the admin's login form, as a coordinator would."""
    session = Session(base_url)
    form_page = session.fetch("/admin/login/?next=/admin/")
    token = _CSRF_INPUT.search(form_page.text)
    if form_page.status != 200 or token is None:
        raise SystemExit(f"formulaire de connexion illisible (HTTP {form_page.status})")
    answer = session.fetch(
        "/admin/login/?next=/admin/",
        form={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )
    # Production names it __Host-sessionid.
    if answer.status != 302 or not any(name.endswith("sessionid") for name in session.cookies):
        raise SystemExit(f"connexion à l'administration refusée (HTTP {answer.status})")
    return session
