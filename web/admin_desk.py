"""The coordinators' desk: the work waiting for the signed-in person, on the admin's home.

Each queue is a count, its first few rows and a link to the change list filtered to that
work. Every query goes through the person's centre scope (``scope_to_user``): a centre's
team sees its centres' work only. A queue of records the person may not view is left out.
The counts read indexed columns and the lists a few rows, so that the home page stays a
fixed number of quick queries however large the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, Max, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from centres.enums import FollowUpState
from centres.models import Centre, Partner
from centres.permissions import managed_centre_ids, scope_to_user
from core.dates import french_date
from core.publication import PublicationState
from directory.enums import ProposalState
from directory.models import Proposal
from editions.enums import MeetingKind
from editions.models import PartnerMeeting
from editions.schedule import next_meeting_dates, planned_meeting_months
from fiches.admin_completeness import what_it_lacks
from fiches.enums import CompletenessBand
from fiches.models import Action, ProjectSheet

# How many rows a queue lists; its count says how many there are in all.
QUEUE_LENGTH = 8
# How far back the queue of imports looks.
RECENT_IMPORT_DAYS = 30
IMPORT_REASON_PREFIX = "Import "


@dataclass(frozen=True)
class QueueRow:
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class WorkQueue:
    name: str  # the queue's id on the page
    title: str
    count: int
    url: str  # the change list filtered to this work
    rows: list[QueueRow] = field(default_factory=list)


def work_queues(request, site) -> list[WorkQueue]:
    """The queues of work this person may see, in the order the desk shows them."""
    queues = []
    for build, model in QUEUES:
        model_admin = site._registry.get(model)
        if model_admin is not None and model_admin.has_view_permission(request):
            queues.append(build(request.user))
    return queues


def change_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def changelist_url(model, **filters) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def add_url(model, **initial) -> str:
    """The add form of ``model``, its fields filled in with ``initial``."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    return f"{url}?{urlencode(initial)}"


def short_date(moment) -> str:
    return format_date(timezone.localtime(moment), "d/m/Y")


def sheets_to_review(user) -> WorkQueue:
    sheets = scope_to_user(
        Action.objects.filter(publication_state=PublicationState.IN_REVIEW), user
    )
    rows = sheets.recently_updated().select_related("centre")[:QUEUE_LENGTH]
    return WorkQueue(
        name="a-relire",
        title=_("Fiches à relire"),
        count=sheets.count(),
        url=changelist_url(Action, publication_state__exact=PublicationState.IN_REVIEW),
        rows=[
            QueueRow(
                str(sheet), change_url(sheet), f"{sheet.centre} — {short_date(sheet.updated_at)}"
            )
            for sheet in rows
        ],
    )


def incomplete_sheets(user) -> WorkQueue:
    """The sheets being written, the latest edited first, each with what it lacks."""
    sheets = scope_to_user(Action.objects.incomplete(), user)
    rows = (
        sheets.recently_updated()
        .select_related("centre")
        .prefetch_related("keywords", "publics", "initiators", "partner_types", "attachments")[
            :QUEUE_LENGTH
        ]
    )
    return WorkQueue(
        name="incompletes",
        title=_("Fiches incomplètes"),
        count=sheets.count(),
        url=changelist_url(Action, completeness__lt=CompletenessBand.COMPLETE.bounds[0]),
        rows=[QueueRow(str(sheet), change_url(sheet), what_it_lacks(sheet)) for sheet in rows],
    )


def partners_to_follow_up(user) -> WorkQueue:
    partners = scope_to_user(Partner.objects.to_follow_up(), user)
    rows = partners.order_by(F("last_reviewed_at").asc(nulls_first=True), "name", "pk")
    return WorkQueue(
        name="partenaires",
        title=_("Partenaires à relancer ou à revoir"),
        count=partners.count(),
        url=changelist_url(Partner, revue="a_suivre"),
        rows=[
            QueueRow(str(partner), change_url(partner), follow_up_detail(partner))
            for partner in rows[:QUEUE_LENGTH]
        ],
    )


def follow_up_detail(partner: Partner) -> str:
    if partner.follow_up_state == FollowUpState.TO_CHASE:
        return str(FollowUpState.TO_CHASE.label)
    if partner.last_reviewed_at is None:
        return _("jamais revu")
    return _("revu le %(date)s") % {"date": short_date(partner.last_reviewed_at)}


def proposals_to_review(user) -> WorkQueue:
    """What partners (through their links) and visitors (« Proposer un partenaire ») proposed,
    the oldest first: the first waiting the longest."""
    proposals = scope_to_user(Proposal.objects.pending(), user)
    rows = proposals.select_related("partner").prefetch_related("changes")
    return WorkQueue(
        name="propositions",
        title=_("Propositions des partenaires à examiner"),
        count=proposals.count(),
        url=changelist_url(Proposal, state__exact=ProposalState.PENDING),
        rows=[
            QueueRow(str(proposal), change_url(proposal), short_date(proposal.submitted_at))
            for proposal in rows.order_by("submitted_at", "pk")[:QUEUE_LENGTH]
        ],
    )


def centres_without_contact(user) -> WorkQueue:
    centres = scope_to_user(Centre.objects.without_contact(), user)
    return WorkQueue(
        name="sans-coordonnees",
        title=_("Centres sans coordonnées"),
        count=centres.count(),
        url=changelist_url(Centre, contact="aucune"),
        rows=[
            QueueRow(str(centre), change_url(centre), centre.commune)
            for centre in centres.order_by("display_name", "pk")[:QUEUE_LENGTH]
        ],
    )


def recent_imports(user) -> WorkQueue:
    """The files imported in the last days, the latest first: the history records that an
    import wrote (their reason is « Import <fichier> ») of the sheets in scope, one row per
    file with its dates. Grouped by reason alone: a date computed for each record cost
    seconds at 100,000 sheets, and an import's records span seconds, not days."""
    since = timezone.now() - timedelta(days=RECENT_IMPORT_DAYS)
    found = []
    centre_ids = managed_centre_ids(user)
    for model in (Action, ProjectSheet):
        records = model.history.filter(
            history_date__gte=since, history_change_reason__startswith=IMPORT_REASON_PREFIX
        )
        if centre_ids is not None:  # history records carry their sheet's centre
            records = records.filter(centre_id__in=sorted(centre_ids))
        imports = (
            records.values("history_change_reason")
            .annotate(sheets=Count("id", distinct=True), first=Min("history_date"),
                      last=Max("history_date"))
            .order_by("-last")
        )  # fmt: skip
        found += [(model, row) for row in imports]
    found.sort(key=lambda pair: pair[1]["last"], reverse=True)
    return WorkQueue(
        name="imports",
        title=_("Imports récents"),
        count=len(found),
        url=changelist_url(Action, imported_at__gte=since.isoformat(timespec="seconds")),
        rows=[import_row(model, row) for model, row in found[:QUEUE_LENGTH]],
    )


def meetings_to_schedule(user) -> WorkQueue:
    """The project sheets whose perspectives plan partner meetings (« deux rencontres
    partenaires chaque année (en juin et décembre) ») while their centre has none to come:
    each proposes the next dates of those months, the add form filled in with the first."""
    today = timezone.localdate()
    upcoming = PartnerMeeting.objects.upcoming(today).filter(centre=OuterRef("centre"))
    sheets = scope_to_user(
        ProjectSheet.objects.filter(perspectives__icontains="rencontre").exclude(Exists(upcoming)),
        user,
    )
    rows = []
    for sheet in sheets.select_related("centre").order_by("centre__display_name", "pk")[
        :QUEUE_LENGTH
    ]:
        proposed = next_meeting_dates(planned_meeting_months(sheet.perspectives), today)
        if not proposed:
            continue
        url = add_url(
            PartnerMeeting, centre=sheet.centre_id, project=sheet.pk,
            date=proposed[0].isoformat(), kind=MeetingKind.HALF_YEARLY,
        )  # fmt: skip
        when = ", ".join(french_date(day, "F Y") for day in proposed)
        rows.append(QueueRow(str(sheet.centre), url, _("à programmer : %(when)s") % {"when": when}))
    return WorkQueue(
        name="rencontres",
        title=_("Rencontres partenaires à programmer"),
        count=sheets.count(),
        url=changelist_url(PartnerMeeting),
        rows=rows,
    )


def import_row(model, row: dict) -> QueueRow:
    first, last = short_date(row["first"]), short_date(row["last"])
    when = (
        _("le %(date)s") % {"date": last}
        if first == last
        else _("du %(first)s au %(last)s") % {"first": first, "last": last}
    )
    count = row["sheets"]
    kind = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
    reason = row["history_change_reason"]
    source = reason.removeprefix(IMPORT_REASON_PREFIX)
    return QueueRow(reason, changelist_url(model, source_file=source), f"{count} {kind}, {when}")


QUEUES = [
    (sheets_to_review, Action),
    (incomplete_sheets, Action),
    (partners_to_follow_up, Partner),
    (proposals_to_review, Proposal),
    (centres_without_contact, Centre),
    (recent_imports, Action),
    (meetings_to_schedule, PartnerMeeting),
]
