"""The public catalogue's pages for sheets: home, list, fiche action, fiche projet."""

from django.db.models.functions import Lower
from django.http import QueryDict
from django.views.generic import DetailView, ListView, TemplateView

from actions_catalog.pagination import KeysFirstPaginator
from actions_catalog.views import FacetedListMixin, VisibleToUserMixin
from centres.models import Partner

from .filters import ActionFilterSet
from .models import Action, ProjectSheet

LATEST_ACTIONS = 6
RELATED_ACTIONS = 4
CENTRE_ACTIONS = 10


class HomeView(TemplateView):
    template_name = "fiches/home.html"

    def get_context_data(self, **kwargs):
        actions = Action.objects.visible_to(self.request.user)
        # The unfiltered list's facets count the themes, the sheets and their centres.
        overview = ActionFilterSet(QueryDict(), queryset=actions, request=self.request)
        return super().get_context_data(
            themes=overview.counted_options("keyword"),
            latest_actions=actions.for_listing().recently_updated()[:LATEST_ACTIONS],
            action_count=overview.result_count,
            centre_count=len(overview.counted_options("centre")),
            partner_count=Partner.objects.visible_to(self.request.user).count(),
            **kwargs,
        )


class ActionListView(FacetedListMixin, VisibleToUserMixin, ListView):
    model = Action
    filterset_class = ActionFilterSet
    paginate_by = 20
    paginator_class = KeysFirstPaginator
    template_name = "fiches/action_list.html"

    def get_queryset(self):
        queryset = super().get_queryset().for_listing()
        return queryset.with_search_headline(self.filterset.search_query)


class ActionDetailView(VisibleToUserMixin, DetailView):
    model = Action
    queryset = Action.objects.select_related("centre").prefetch_related(
        "keywords", "publics", "initiators", "partner_types", "attachments"
    )

    def get_context_data(self, **kwargs):
        visible = Action.objects.visible_to(self.request.user)
        action = self.object
        return super().get_context_data(
            related_actions=ActionFilterSet(
                QueryDict(), queryset=visible, request=self.request
            ).alike(action, limit=RELATED_ACTIONS),
            centre_actions=visible.of_centre(action.centre)
            .exclude(pk=action.pk)
            .order_by(Lower("title"), "pk")[:CENTRE_ACTIONS],
            project_sheets=ProjectSheet.objects.visible_to(self.request.user).filter(
                related_action=action
            ),
            **kwargs,
        )


class ProjectSheetDetailView(VisibleToUserMixin, DetailView):
    model = ProjectSheet

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .with_sheet_details(
                visible_actions=Action.objects.visible_to(user),
                visible_partners=Partner.objects.visible_to(user),
            )
        )
