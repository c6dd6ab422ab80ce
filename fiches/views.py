from django.views.generic import DetailView, ListView

from actions_catalog.views import VisibleToUserMixin

from .models import Action, ProjectSheet


class HomeView(VisibleToUserMixin, ListView):
    model = Action
    template_name = "fiches/home.html"
    context_object_name = "actions"

    def get_queryset(self):
        return super().get_queryset().for_listing()


class ActionDetailView(VisibleToUserMixin, DetailView):
    model = Action
    queryset = Action.objects.select_related("centre").prefetch_related(
        "keywords", "publics", "initiators", "partner_types"
    )


class ProjectSheetDetailView(VisibleToUserMixin, DetailView):
    model = ProjectSheet
    queryset = ProjectSheet.objects.select_related("centre", "related_action").prefetch_related(
        "actions", "timeline", "partner_links__partner"
    )
