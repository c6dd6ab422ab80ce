"""The site's error pages, in JSON under ``/api/``: a client of the API reads JSON whatever
refuses its request, a view of the API or something before it (an address no operation
answers, the guard against NUL characters in ``core.request_guards``)."""

from django.http import JsonResponse
from django.urls import reverse
from django.views import defaults


def _is_api(request) -> bool:
    return request.path.startswith(reverse("api_documentation"))


def bad_request(request, exception):
    if _is_api(request):
        return JsonResponse(
            {"detail": "Requête invalide (un caractère NUL, ou trop de paramètres)."},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return JsonResponse(
            {"detail": "Aucune ressource à cette adresse."},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return defaults.page_not_found(request, exception)
