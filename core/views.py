"""What every public view shares: only what the visitor may see."""


class VisibleToUserMixin:
    """Restricts a view's queryset to what the visitor may read (its ``visible_to``):
    published content, and for staff the drafts of what they may edit. Other unpublished
    URLs therefore answer 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class FacetedListMixin:
    """A list read through ``filterset_class``, with its facets and its chips. The facet
    index counts the rows, and often knows the page's rows: the paginator takes both rather
    than asking the database.
    Comes before :class:`VisibleToUserMixin`, so as to filter only what the visitor may see."""

    filterset_class = None

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET, queryset=super().get_queryset(), request=self.request
        )
        return self.filterset.qs

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.filterset.result_count
        paginator.page_keys = self.filterset.page_keys
        return paginator

    def get_context_data(self, **kwargs):
        facets = self.filterset.facets()
        return super().get_context_data(
            filterset=self.filterset,
            facets=facets,
            # Without an option to tick, a button to apply the filters would apply nothing.
            has_filter_options=any(facet.options for facet in facets),
            active_filters=self.filterset.active_filters(),
            **kwargs,
        )
