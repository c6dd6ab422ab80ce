"""The public catalogue's pages: home, the list of actions, a fiche action, a fiche projet,
the centres and the partner directory ("Outil Partenaires"). They cross the domain apps (a
centre with its actions, a partner with its sheets), so they live above them."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView, View

from centres.filters import PartnerFilterSet
from centres.models import Centre, Partner
from core.page_renderings import PageInputs, earlier_rendering_response
from core.pagination import KeysFirstPaginator
from core.slugs import RedirectsFormerSlugMixin
from core.versioning import tables_keyed_by
from core.views import FacetedListMixin, VisibleToUserMixin
from editions.evaluation import evaluate_project
from fiches.attachments import attachment_response
from fiches.filters import ActionFilterSet
from fiches.models import Action, ProjectPartner, ProjectSheet, SearchWord

from .open_data import open_data_links

LATEST_ACTIONS = 6
RELATED_ACTIONS = 4
CENTRE_ACTIONS = 10


def editable_by(user, model, key: str = "pk") -> Exists:
    """Whether the record of ``model`` that ``key`` names is one ``user`` may edit in the
    workspace: staff see its internal notes and follow-up only then, as the admin would."""
    return Exists(model.objects.editable_by(user).filter(pk=OuterRef(key)))


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

    def get_context_data(self, **kwargs):
        return super().get_context_data(open_data=open_data_links(self.filterset), **kwargs)


class ActionDetailView(RedirectsFormerSlugMixin, VisibleToUserMixin, DetailView):
    model = Action
    queryset = Action.objects.select_related("centre").prefetch_related(
        "keywords", "publics", "initiators", "partner_types", "attachments"
    )

    def get(self, request, *args, **kwargs):
        # After a write that changed none of what the page shows, its earlier rendering
        # stands (core.page_renderings): the sheet, its alike and its centre's sheets are
        # found by their keys only.
        stand_in = earlier_rendering_response(request, self.page_inputs)
        if stand_in is not None:
            return stand_in
        return super().get(request, *args, **kwargs)

    def page_inputs(self) -> PageInputs | None:
        """The sheet's key, and those of the sheets its page shows; None for an address
        that is not a visible sheet's (a former slug: the view answers it)."""
        visible = Action.objects.visible_to(self.request.user)
        found = visible.filter(slug=self.kwargs["slug"]).values_list("pk", "centre").first()
        if found is None:
            return None
        key, centre = found
        alike = self.filterset(visible).keys_alike(key, limit=RELATED_ACTIONS)
        centre_actions = list(
            self.centre_actions(visible, centre, key).values_list("pk", flat=True)
        )
        return PageInputs.of(
            (key, alike, centre_actions),
            {key, *alike, *centre_actions},
            row_tables=tables_keyed_by(Action),
            # The lexicon of searches, which every edit may add words to, is not shown.
            covered_tables={SearchWord._meta.db_table},
        )

    def filterset(self, visible) -> ActionFilterSet:
        return ActionFilterSet(QueryDict(), queryset=visible, request=self.request)

    @staticmethod
    def centre_actions(visible, centre, key):
        return visible.of_centre(centre).exclude(pk=key).order_by("sort_key", "pk")[:CENTRE_ACTIONS]

    def get_context_data(self, **kwargs):
        visible = Action.objects.visible_to(self.request.user)
        action = self.object
        return super().get_context_data(
            related_actions=self.filterset(visible).alike(action, limit=RELATED_ACTIONS),
            centre_actions=self.centre_actions(visible, action.centre, action.pk),
            project_sheets=ProjectSheet.objects.visible_to(self.request.user).filter(
                related_action=action
            ),
            **kwargs,
        )


class AttachmentView(View):
    """A file attached to a fiche action, for whoever may read the sheet: a draft's files
    are not public. Its address ends with the name it downloads under; an older name (the
    title changed) leads to the current one."""

    def get(self, request, slug, pk, filename):
        action = get_object_or_404(Action.objects.visible_to(request.user), slug=slug)
        attachment = get_object_or_404(action.attachments.select_related("action"), pk=pk)
        if filename != attachment.download_name:
            return redirect(attachment)
        return attachment_response(attachment)


class ProjectSheetDetailView(RedirectsFormerSlugMixin, VisibleToUserMixin, DetailView):
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
            .annotate(shows_follow_up=editable_by(user, ProjectSheet))
        )

    def get_context_data(self, **kwargs):
        sheet = self.object
        # The lead and the staff are named persons: public with consent, shown to the
        # sheet's editors. The evaluation's figures are the team's working tool, as the
        # follow-up is.
        lead = sheet.lead if sheet.shows_follow_up else sheet.public_lead
        staff = sheet.staff if sheet.shows_follow_up else sheet.public_staff
        evaluation = (
            evaluate_project(sheet, timezone.localdate()) if sheet.shows_follow_up else None
        )
        return super().get_context_data(lead=lead, staff=staff, evaluation=evaluation, **kwargs)


class CentreListView(ListView):
    model = Centre

    def get_queryset(self):
        actions = Action.objects.visible_to(self.request.user)
        return Centre.objects.with_action_count(actions).order_by(
            "departement", Lower("display_name"), "pk"
        )


class CentreDetailView(RedirectsFormerSlugMixin, DetailView):
    """A centre has no publication state: its page shows what the reader may see of it."""

    model = Centre

    def get_context_data(self, **kwargs):
        user, centre = self.request.user, self.object
        return super().get_context_data(
            actions=Action.objects.visible_to(user)
            .of_centre(centre)
            .for_listing()
            .order_by("sort_key", "pk"),
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


class PartnerDetailView(RedirectsFormerSlugMixin, VisibleToUserMixin, DetailView):
    model = Partner

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("last_reviewer")
            .prefetch_related("centres")
            .annotate(shows_internal_notes=editable_by(self.request.user, Partner))
        )

    def get_context_data(self, **kwargs):
        user, partner = self.request.user, self.object
        project_sheets = ProjectSheet.objects.visible_to(user).filter(partners=partner)
        # A named person only with consent, but for staff who may edit the partner.
        contact_persons = partner.contact_persons.visible_to(
            user, may_edit=partner.shows_internal_notes
        )
        return super().get_context_data(
            contact_persons=contact_persons,
            project_links=ProjectPartner.objects.filter(partner=partner, project__in=project_sheets)
            .select_related("project__centre")
            .annotate(shows_follow_up=editable_by(user, ProjectSheet, "project"))
            .order_by("-project__year", Lower("project__title")),
            # The sheets it took part in, and those of the projects it was a partner of.
            actions=Action.objects.visible_to(user)
            .filter(
                Q(pk__in=partner.actions.values("pk"))
                | Q(pk__in=project_sheets.values("related_action"))
            )
            .select_related("centre")
            .order_by("sort_key", "pk"),
            **kwargs,
        )
