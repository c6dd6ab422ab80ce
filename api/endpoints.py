"""The read-only JSON API (``/api/``): the published sheets with the public list's own filters
and search, the centres, the partners and the vocabularies to filter by.

Published content only, whoever asks: an answer is the same for everyone, as the exports
are. Lists are paged by cursor (``api.cursors``); every answer names the data's licence, in
the lists' envelope and in a ``Link`` header. The OpenAPI document (``/api/openapi.json``)
is made from the signatures and schemas here; the documentation page (``/api/``) reads it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer

from centres.enums import CentreKind, PartnerCategory
from centres.filters import PartnerFilterSet
from centres.models import Centre, Partner
from core.slugs import object_of_former_slug
from fiches.enums import ActionStatus
from fiches.export import export_record
from fiches.filters import ActionFilterSet, SortOrder
from fiches.models import Action, Initiator, Keyword, PartnerType, Public

from . import schemas
from .cursors import InvalidCursor, paginate
from .throttling import AnonymousRateLimit

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# What names a page rather than the list: left out of the list's identity in a cursor.
PAGING_PARAMETERS = ("cursor", "limit")

# What any request may be refused with: a NUL character anywhere (core.request_guards), too
# many requests; and for a list, a bad cursor or parameter; for a record, none such.
REFUSALS = {400: schemas.Error, 429: schemas.Error}
ERRORS = {**REFUSALS, 422: schemas.InvalidParameters}
NOT_FOUND = {**REFUSALS, 404: schemas.Error}
# A record whose title changed: its former address answers a 301 to its current one.
MOVED_OR_NOT_FOUND = {301: None, **NOT_FOUND}


class Moved(Exception):
    """The record asked for is at another address now (``api.exception_handler``: 301)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def found_or_moved(queryset, slug: str, operation: str):
    """The row of ``queryset`` with ``slug``; for a former slug, :class:`Moved` to the
    ``operation`` at the current one; otherwise a 404."""
    try:
        return get_object_or_404(queryset, slug=slug)
    except Http404:
        moved = object_of_former_slug(queryset, slug)
        if moved is None:
            raise
        raise Moved(reverse(f"api:{operation}", args=[moved.slug])) from None


class UnicodeRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class CatalogueApi(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return with_licence_link(response, request)

    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__


def with_licence_link(response, request):
    """Names the data's licence and the API's description (RFC 8288)."""
    description = request.build_absolute_uri(reverse("api:openapi-json"))
    response["Link"] = (
        f'<{settings.DATA_LICENCE_URL}>; rel="license", '
        f'<{description}>; rel="describedby"; type="application/vnd.oai.openapi+json"'
    )
    return response


api = CatalogueApi(
    title="Actions des centres sociaux",
    version="1",
    description=(
        "Les fiches actions publiées des centres sociaux, leurs centres et leurs "
        "partenaires, en lecture seule."
    ),
    urls_namespace="api",
    docs_url=None,  # the site's own page documents it (api.docs), without third-party code
    renderer=UnicodeRenderer(),
    throttle=[AnonymousRateLimit()],
)


@api.exception_handler(Moved)
def moved(request, exc: Moved):
    return HttpResponsePermanentRedirect(exc.url)


def licence() -> dict:
    return {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL}


def list_identity(request, sort: str) -> str:
    """What a cursor belongs to: the list's sort and filters, whatever the page."""
    query = sorted(
        (key, value)
        for key, values in request.GET.lists()
        if key not in PAGING_PARAMETERS
        for value in values
    )
    return f"{sort}:{hashlib.sha256(repr(query).encode()).hexdigest()[:16]}"


def page_of(queryset, request, *, sort: str, cursor, limit):
    try:
        return paginate(queryset, order=list_identity(request, sort), cursor=cursor, limit=limit)
    except InvalidCursor as error:
        raise HttpError(400, str(error)) from error


def absolute_url(request, record) -> str:
    return request.build_absolute_uri(record.get_absolute_url())


@api.get(
    "/actions/",
    response={200: schemas.ActionPage, **ERRORS},
    summary="Les fiches actions publiées",
    description=(
        "La liste de `/actions/` : mêmes filtres, même recherche, même tri, mêmes fiches. "
        "Plusieurs valeurs d'un filtre s'ajoutent (`?keyword=sante&keyword=parentalite`)."
    ),
    tags=["fiches"],
)
def list_actions(
    request,
    q: str | None = Query(None, description='Recherche en français (`"boîte à livres"`).'),
    keyword: list[str] | None = Query(None, description="Mots clés (leur `slug`)."),
    territory: list[str] | None = Query(None, description="Territoire concerné."),
    departement: list[str] | None = Query(None, description="Département du centre."),
    commune: list[str] | None = Query(None, description="Commune du centre."),
    centre: list[str] | None = Query(None, description="Centres (leur `slug`)."),
    public: list[str] | None = Query(None, description="Publics (leur `slug`)."),
    dimension: list[str] | None = Query(None, description="Dimension."),
    status: list[ActionStatus] | None = Query(None, description="Statut de l'action."),
    partner_type: list[str] | None = Query(None, description="Types de partenaires (`slug`)."),
    initiator: list[str] | None = Query(None, description="À l'initiative de (`slug`)."),
    sort: SortOrder | None = Query(
        None, description="Tri : pertinence (avec `q`, par défaut alors), titre par défaut."
    ),
    cursor: str | None = Query(None, description="Le curseur `next` de la page précédente."),
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Fiches par page."),
):
    # The public list's own filter set reads the request, as the page does.
    filterset = ActionFilterSet(request.GET, queryset=Action.objects.published(), request=request)
    page = page_of(
        filterset.qs.for_export(),
        request,
        sort=filterset.current_sort,
        cursor=cursor,
        limit=limit,
    )
    return {
        "licence": licence(),
        "count": filterset.result_count,
        "next": page.next_cursor,
        "results": [
            export_record(action, url=absolute_url(request, action)) for action in page.rows
        ],
    }


@api.get(
    "/actions/{slug}/",
    response={200: schemas.Action, **MOVED_OR_NOT_FOUND},
    summary="Une fiche action publiée",
    tags=["fiches"],
)
def get_action(request, slug: str):
    action = found_or_moved(Action.objects.published().for_export(), slug, "get_action")
    return export_record(action, url=absolute_url(request, action))


def _centre_record(request, centre: Centre) -> dict:
    return {
        **{name: getattr(centre, name) for name in schemas.ContactDetails.model_fields},
        "id": centre.pk,
        "slug": centre.slug,
        "name": centre.display_name,
        "kind": centre.kind,
        "departement": centre.departement,
        "url": absolute_url(request, centre),
        "updated_at": centre.updated_at,
    }


@api.get(
    "/centres/",
    response={200: schemas.CentrePage, **ERRORS},
    summary="Les centres",
    tags=["centres"],
)
def list_centres(
    request,
    cursor: str | None = Query(None, description="Le curseur `next` de la page précédente."),
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Centres par page."),
):
    centres = Centre.objects.order_by("departement", Lower("display_name"), "pk")
    page = page_of(centres, request, sort="centres", cursor=cursor, limit=limit)
    return {
        "licence": licence(),
        "count": centres.count(),
        "next": page.next_cursor,
        "results": [_centre_record(request, centre) for centre in page.rows],
    }


@api.get(
    "/centres/{slug}/",
    response={200: schemas.Centre, **MOVED_OR_NOT_FOUND},
    summary="Un centre",
    tags=["centres"],
)
def get_centre(request, slug: str):
    centre = found_or_moved(Centre.objects.all(), slug, "get_centre")
    return _centre_record(request, centre)


def _partner_record(request, partner: Partner) -> dict:
    return {
        **{name: getattr(partner, name) for name in schemas.ContactDetails.model_fields},
        "id": partner.pk,
        "slug": partner.slug,
        "name": partner.name,
        "acronym": partner.acronym,
        "expanded_name": partner.expanded_name,
        "category": partner.category,
        "missions": partner.missions,
        "services": partner.services,
        "public_served": partner.public_served,
        "centres": [centre.slug for centre in partner.centres.all()],
        "url": absolute_url(request, partner),
        "updated_at": partner.updated_at,
    }


@api.get(
    "/partenaires/",
    response={200: schemas.PartnerPage, **ERRORS},
    summary="Les partenaires publiés",
    description="L'annuaire de `/partenaires/`, avec ses filtres et dans son ordre.",
    tags=["partenaires"],
)
def list_partners(
    request,
    category: list[PartnerCategory] | None = Query(None, description="Catégories."),
    centre: list[str] | None = Query(None, description="Centres partenaires (leur `slug`)."),
    cursor: str | None = Query(None, description="Le curseur `next` de la page précédente."),
    limit: int = Query(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Partenaires par page."
    ),
):
    filterset = PartnerFilterSet(request.GET, queryset=Partner.objects.published(), request=request)
    partners = filterset.qs.prefetch_related("centres")
    page = page_of(partners, request, sort="directory", cursor=cursor, limit=limit)
    return {
        "licence": licence(),
        "count": filterset.result_count,
        "next": page.next_cursor,
        "results": [_partner_record(request, partner) for partner in page.rows],
    }


@api.get(
    "/partenaires/{slug}/",
    response={200: schemas.Partner, **MOVED_OR_NOT_FOUND},
    summary="Un partenaire publié",
    tags=["partenaires"],
)
def get_partner(request, slug: str):
    queryset = Partner.objects.published().prefetch_related("centres")
    partner = found_or_moved(queryset, slug, "get_partner")
    return _partner_record(request, partner)


def _used_entries(model, relation: str) -> list[dict]:
    """The entries of a vocabulary that some published sheet uses: a draft's words stay
    unpublished."""
    used = Exists(Action.objects.published().filter(**{relation: OuterRef("pk")}))
    return list(model.objects.filter(used).order_by("name", "pk").values("slug", "name"))


def _choices(choices) -> list[dict]:
    return [{"slug": value, "name": str(label)} for value, label in choices]


@api.get(
    "/vocabulaires/",
    response={200: schemas.Vocabularies, **REFUSALS},
    summary="Les valeurs des filtres",
    tags=["vocabulaires"],
)
def vocabularies(request):
    return {
        "licence": licence(),
        "keywords": _used_entries(Keyword, "keywords"),
        "publics": _used_entries(Public, "publics"),
        "partner_types": _used_entries(PartnerType, "partner_types"),
        "initiators": _used_entries(Initiator, "initiators"),
        "partner_categories": _choices(PartnerCategory.choices),
        "centre_kinds": _choices(CentreKind.choices),
    }
