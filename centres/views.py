"""The public pages of the centres and of the partner directory ("Outil Partenaires")."""

from django.db.models.functions import Lower
from django.views.generic import DetailView, ListView

from actions_catalog.views import FacetedListMixin, VisibleToUserMixin
from fiches.models import Action, ProjectPartner, ProjectSheet

from .filters import PartnerFilterSet
from .models import Centre, Partner


class CentreListView(ListView):
    model = Centre

    def get_queryset(self):
        actions = Action.objects.visible_to(self.request.user)
        return Centre.objects.with_action_count(actions).order_by(
            "departement", Lower("display_name"), "pk"
        )


class CentreDetailView(DetailView):
    """A centre has no publication state: its page shows what the reader may see of it."""

    model = Centre

    def get_context_data(self, **kwargs):
        user, centre = self.request.user, self.object
        return super().get_context_data(
            actions=Action.objects.visible_to(user)
            .of_centre(centre)
            .for_listing()
            .order_by(Lower("title"), "pk"),
            partners=Partner.objects.visible_to(user).filter(centres=centre).in_directory_order(),
            project_sheets=ProjectSheet.objects.visible_to(user).filter(centre=centre),
            **kwargs,
        )


class PartnerListView(FacetedListMixin, VisibleToUserMixin, ListView):
    model = Partner
    filterset_class = PartnerFilterSet
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().prefetch_related("centres")


class PartnerDetailView(VisibleToUserMixin, DetailView):
    model = Partner
    queryset = Partner.objects.prefetch_related("centres")

    def get_context_data(self, **kwargs):
        user, partner = self.request.user, self.object
        project_sheets = ProjectSheet.objects.visible_to(user).filter(partners=partner)
        return super().get_context_data(
            project_links=ProjectPartner.objects.filter(partner=partner, project__in=project_sheets)
            .select_related("project__centre")
            .order_by("-project__year", Lower("project__title")),
            actions=Action.objects.visible_to(user)
            .filter(pk__in=project_sheets.values("related_action"))
            .select_related("centre")
            .order_by(Lower("title"), "pk"),
            **kwargs,
        )
