"""A WSGI application that answers every request with a short page: what the worker's tests
serve, with no Django to start."""

BODY = b"bonjour\n"


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))])
    return [BODY]
