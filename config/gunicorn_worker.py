"""gunicorn's ``sync`` worker, freed as soon as its answer is sent.

gunicorn (since 23.1) closes each connection "gracefully" (RFC 9112 §9.6): it sends its FIN,
then reads from the client until the client closes too, for up to 2 seconds, so that request
bytes left unread cannot make the kernel answer the client with a reset that would cut the
end of the response. A ``sync`` worker serves one connection at a time, so meanwhile it serves
nobody: a client slow to close (a busy machine, a slow network) holds a worker for nothing,
and two clients that never close after their answer, one request after another, are enough
to hold both of production's workers all the time.

A reset is only sent when unread bytes are waiting at the close. This worker looks, once the
answer is sent: when nothing is waiting, it shuts its reading side and the close that follows
is immediate; when something is, gunicorn drains it as before.
"""

from __future__ import annotations

import select
import socket

from gunicorn.workers.sync import SyncWorker


def nothing_left_to_read(client: socket.socket) -> bool:
    """Whether no byte from the client waits unread, without waiting for any."""
    poller = select.poll()
    poller.register(client, select.POLLIN)
    if not poller.poll(0):
        return True
    # Readable: bytes wait, or the client has closed its side (b""), after which gunicorn's
    # close is immediate anyway. A TLS socket refuses to peek: gunicorn drains it as before.
    try:
        return client.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return False


class PromptCloseWorker(SyncWorker):
    def handle_request(self, listener, req, client, addr):
        super().handle_request(listener, req, client, addr)
        # Reached only once the answer is sent whole (errors raise instead).
        if nothing_left_to_read(client):
            # gunicorn's close then reads an immediate end of stream and closes.
            try:
                client.shutdown(socket.SHUT_RD)
            except OSError:
                pass
