"""The project's gunicorn worker (``config.gunicorn_worker``): a worker is free for the next
client once its answer is sent, without waiting for the previous client to close, and still
lets gunicorn drain request bytes left unread before it closes."""

from __future__ import annotations

import contextlib
import runpy
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gunicorn.util import load_class

from config.gunicorn_worker import PromptCloseWorker, nothing_left_to_read
from tests.bench.server import free_port, start_helper, stop

from .hello_wsgi import BODY

WORKER = "config.gunicorn_worker.PromptCloseWorker"
ROOT = Path(__file__).resolve().parents[2]
REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
# gunicorn's own sync worker holds a connection for up to 2 s after answering, until the
# client closes: a second client served within this time was not held behind the first.
SERVED_WITHIN = 1.5  # seconds


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    port = free_port()
    process = start_helper(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tests.config.hello_wsgi:application",
            "--worker-class",
            WORKER,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        environment={},
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield "127.0.0.1", port
    finally:
        stop(process)


def test_production_runs_this_worker():
    settings = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))

    assert load_class(settings["worker_class"]) is PromptCloseWorker


def read_answer(client: socket.socket) -> bytes:
    """The whole answer, read up to the end of its body (the connection left open)."""
    answer = b""
    while not answer.endswith(BODY):
        chunk = client.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer


@contextlib.contextmanager
def connection(address) -> Iterator[socket.socket]:
    client = socket.create_connection(address, timeout=SERVED_WITHIN)
    try:
        yield client
    finally:
        client.close()


def test_the_worker_serves_the_next_client_while_the_previous_one_keeps_its_connection(server):
    with connection(server) as first:
        first.sendall(REQUEST)
        assert read_answer(first).startswith(b"HTTP/1.1 200 OK")
        # The first client neither closes nor reads its end of stream: the only worker must
        # be serving the second one meanwhile.
        with connection(server) as second:
            second.sendall(REQUEST)
            assert read_answer(second).startswith(b"HTTP/1.1 200 OK")
        assert first.recv(1) == b""  # the worker closed its side, as always


def test_bytes_waiting_unread_are_told_apart_from_none_and_from_a_closed_client():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert nothing_left_to_read(ours)
        theirs.sendall(REQUEST)
        assert not nothing_left_to_read(ours)  # gunicorn then drains them before closing
        ours.recv(len(REQUEST))
        assert nothing_left_to_read(ours)
        theirs.shutdown(socket.SHUT_WR)
        assert nothing_left_to_read(ours)
