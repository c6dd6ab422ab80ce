"""Requests no page can answer, refused before any view runs."""

from django.core.exceptions import BadRequest, TooManyFieldsSent
from django.http import UnreadablePostError

NUL = "\x00"


class RejectNulMiddleware:
    """Answers 400 (``templates/400.html``) to a request whose path, query string or form
    carries a NUL character.

    PostgreSQL text can never hold a NUL: any filter, search, lookup or form field that
    passes one on makes the database raise, a 500. The public filters drop such values
    themselves (``core.filter_fields.ValuesField``); this guard covers every other door at once
    (the admin's list filters, searches and autocompletes, django-simple-history's views),
    and no honest request carries a NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


def carries_nul(request) -> bool:
    if NUL in request.path:
        return True
    try:
        forms = [request.GET]
    except TooManyFieldsSent:
        # Whoever reads the query string refuses it (a 400); a view that never reads it (a
        # refused permission) answers as it would have.
        return False
    if request.method == "POST":
        try:
            # Parsed here rather than by the CSRF check a few steps later; parsing errors
            # (too many fields, too large) are 400s either way.
            forms.append(request.POST)
        except UnreadablePostError:
            pass  # the client went away: the CSRF check refuses it as before
    return any(
        NUL in key or any(NUL in value for value in values)
        for form in forms
        for key, values in form.lists()
    )
