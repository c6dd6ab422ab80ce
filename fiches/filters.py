"""The catalogue's list of actions: its search, filters, facets and sort order, read from the
URL (``/actions/?q=jardin&keyword=parentalite&keyword=sante&sort=updated``)."""

from urllib.parse import urlencode, urlsplit

import django_filters
from django import forms
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from core.facet_store import FacetSource
from core.filter_fields import LenientChoiceField
from core.filters import (
    EXPAND_PARAMETER,
    ORDER_OF_RANK,
    ORDER_OF_SCOPE,
    ActiveFilter,
    ChoicesFilter,
    FacetedFilterSet,
    RelatedFilter,
    ValuesFilter,
)
from core.page_cache import stop_others_waiting
from parsing.figures import FIGURES

from . import search
from .enums import ActionStatus
from .models import Action, Initiator, Keyword, PartnerType, Public, SearchWord


def _figure_source(field: str) -> FacetSource:
    column = Action._meta.get_field(field).column
    return FacetSource(field, column, column)


# Each figure's values (budget, head count), filed in the list's index with no filter of
# their own: the observatory counts their distributions in the same index as the list.
FIGURE_SOURCES = {figure.name: _figure_source(figure.value_field) for figure in FIGURES}


class SortOrder(models.TextChoices):
    RELEVANCE = "relevance", _("pertinence")
    TITLE = "title", _("titre")
    UPDATED = "updated", _("mise à jour la plus récente")
    CENTRE = "centre", _("centre")


class SortFilter(django_filters.ChoiceFilter):
    """The sort order: read here, applied by :meth:`ActionFilterSet.order`."""

    field_class = LenientChoiceField
    narrows = False  # not a filter of the rows: the facet counts need not run it

    def filter(self, qs, value):
        return qs


class SearchField(forms.CharField):
    """The words to search as they are searched (``fiches.search.bounded_query``): control
    characters (a NUL, which PostgreSQL refuses) become spaces, and a long text is cut."""

    def to_python(self, value):
        return search.bounded_query(super().to_python(value)).text


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


def filters_query(filterset: FacetedFilterSet) -> str:
    """The list's filters, search and sort as a query string ("" for none), without what
    only its page shows (the page number, an expanded facet): for the same list elsewhere
    (its exports, its feed, the observatory)."""
    return urlsplit(filterset.url_without(EXPAND_PARAMETER)).query


def with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


class ActionFilterSet(FacetedFilterSet):
    counted_sources = FIGURE_SOURCES
    q = SearchFilter(method="filter_search", label=_("Rechercher une action"))
    keyword = RelatedFilter(
        "keywords", many=True, queryset=Keyword.objects.all(), label=_("Mots clés")
    )
    territory = ValuesFilter("territory", label=_("Territoire concerné"))
    departement = ValuesFilter("centre__departement", label=_("Département"))
    commune = ValuesFilter("centre__commune", label=_("Commune"))
    centre = RelatedFilter(
        "centre", queryset=Centre.objects.all(), label_field="display_name", label=_("Centre")
    )
    public = RelatedFilter("publics", many=True, queryset=Public.objects.all(), label=_("Public"))
    dimension = ValuesFilter("dimension", label=_("Dimension"))
    status = ChoicesFilter("status", choices=ActionStatus.choices, label=_("Statut"))
    partner_type = RelatedFilter(
        "partner_types",
        many=True,
        queryset=PartnerType.objects.all(),
        label=_("Partenaires d'action"),
    )
    initiator = RelatedFilter(
        "initiators", many=True, queryset=Initiator.objects.all(), label=_("À l'initiative de")
    )
    sort = SortFilter(choices=SortOrder.choices, label=_("Trier par"))

    class Meta:
        model = Action
        fields = []  # every filter is declared above

    # The lexicon (the words typo tolerance finds) reaches a page through its corrections.
    tables_covered_by_page_facts = frozenset({SearchWord._meta.db_table})

    def page_facts(self) -> tuple:
        return (self.approximate, self.corrected_terms)

    @property
    def search_terms(self) -> str:
        return self.cleaned_data.get("q") or ""

    @property
    def search_shortened(self) -> bool:
        """Whether the search typed was too long, and only its start searched."""
        return search.bounded_query(self.data.get("q", "")).shortened

    @cached_property
    def search_query(self):
        """The search as the queries run it: the words typed or, when they find nothing
        anywhere in what the reader may see, the lexicon's words closest to them (typo
        tolerance, see ``fiches.search``)."""
        query = self.search_terms
        if query and not self._words_typed_find_a_sheet:
            return search.approximate_query(query, using=self.queryset.db) or query
        return query

    @cached_property
    def _words_typed_find_a_sheet(self) -> bool:
        """Whether the words typed, as typed, find a sheet the reader may see: the facet
        index ranks what they find, and remembers it (patched after each write) under the
        key of the words typed (:meth:`narrowing`). A search asked again after an edit is
        answered from that ranking, patched with the sheets edited, rather than the
        database asked again about every sheet. And a search that turns from the words
        typed to their neighbours, or back, after an edit, is ranked anew rather than
        patched from what the other one found."""
        index = self.facet_index
        typed = super().narrowing()
        found = index.narrowed(
            typed, lambda keys: self._searched_rows(index, self.search_terms, only=keys)
        )
        return bool(found.rows)

    def narrowing(self) -> tuple:
        narrowing = super().narrowing()
        if self.search_terms and self.approximate:
            # Not what the words typed find: their neighbours'.
            narrowing += (("approximate", repr(self.search_query)),)
        return narrowing

    @property
    def approximate(self) -> bool:
        """Whether the results are those of typo tolerance."""
        return not isinstance(self.search_query, str)

    @property
    def corrected_terms(self) -> str:
        """The words typo tolerance searched for instead of those typed, "" when none."""
        return " ".join(self.search_query.closest_words) if self.approximate else ""

    def filter_search(self, queryset, name, value):
        return queryset.search(self.search_query)

    @property
    def current_sort(self) -> str:
        chosen = self.cleaned_data.get("sort")
        if chosen and (chosen != SortOrder.RELEVANCE or self.search_terms):
            return chosen
        return SortOrder.RELEVANCE if self.search_terms else SortOrder.TITLE

    @property
    def sort_choices(self) -> list[tuple[str, str]]:
        """The sort orders that make sense now: relevance only for a search."""
        return [
            (value, label)
            for value, label in SortOrder.choices
            if value != SortOrder.RELEVANCE or self.search_terms
        ]

    def order(self, queryset):
        match self.current_sort:
            case SortOrder.RELEVANCE:
                return queryset.by_relevance(self.search_query)
            case SortOrder.UPDATED:
                return queryset.order_by("-updated_at", "-pk")
            case SortOrder.CENTRE:
                return queryset.order_by(Lower("centre__display_name"), "sort_key", "pk")
        return queryset.order_by("sort_key", "pk")

    def narrowed_rows(self, index, *, only=None):
        """A search's rows, ranked: the database scores the matching documents once (or
        those of ``only`` these sheets, for a remembered search to catch up with an edit),
        the index orders them (by score, then position, as :meth:`order` would)."""
        if not self.search_terms:
            return super().narrowed_rows(index, only=only)
        return self._searched_rows(index, self.search_query, only=only)

    def _searched_rows(self, index, query, *, only):
        if only is None:
            # Every match scored and ranked: a quarter of a second or more for a common word
            # at 100,000 sheets, that another process remembering the search need not wait.
            stop_others_waiting()
        scored = search.scored_keys(query, using=self.queryset.db, only=only)
        return index.ranked(scored) if only is None else scored

    def order_in_memory(self):
        if self.queryset.query.order_by or not self.queryset.query.default_ordering:
            return None  # not the model's order, which the index follows
        match self.current_sort:
            case SortOrder.RELEVANCE:
                return ORDER_OF_RANK
            case SortOrder.TITLE:
                return ORDER_OF_SCOPE
        return None

    def alike(self, action, *, limit: int) -> list:
        """The ``limit`` other sheets of the list sharing the most keywords with ``action``,
        then the most publics, then by title (``action``'s vocabularies are best
        prefetched)."""
        keys = self.keys_alike(
            action.pk,
            keywords=[keyword.slug for keyword in action.keywords.all()],
            publics=[public.slug for public in action.publics.all()],
            limit=limit,
        )
        found = self.queryset.filter(pk__in=keys).for_listing().in_bulk()
        return [found[key] for key in keys if key in found]

    def keys_alike(self, key, *, keywords=None, publics=None, limit: int) -> list:
        """The keys of :meth:`alike`'s sheets for the sheet of ``key``, whose keywords and
        publics (their slugs) are, unless given, those the list's index files it under."""
        index = self.facet_index
        if keywords is None:
            keywords = sorted(index.options_of(key, "keyword"))
        if publics is None:
            publics = sorted(index.options_of(key, "public"))
        return index.most_alike(
            [("keyword", keywords), ("public", publics)],
            among=index.everything & ~index.rows_of([key]),
            limit=limit,
        )

    @property
    def search_alone_url(self) -> str:
        """The same search in every sheet, without the other filters; "" when there is no
        search or no other filter (the list's reset then says the same)."""
        if not self.search_terms or not any(map(self.cleaned_data.get, self.facet_filters())):
            return ""
        return f"{self.reset_url}?{urlencode({'q': self.search_terms})}"

    def active_filters(self) -> list[ActiveFilter]:
        chips = super().active_filters()
        if self.search_terms:
            chips.insert(
                0,
                ActiveFilter(
                    str(_("Recherche")), f"« {self.search_terms} »", self.url_without("q")
                ),
            )
        return chips
