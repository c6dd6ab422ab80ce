"""The project sheet's evaluation criteria, computed where the data allows.

The Chantiers sheet evaluates its project by « Nombre de partenaires », « Nombre d'actions
réalisées avec une évaluation de celles-ci » and « Nombre d'interactions entre les
partenaires ». Here:

- the partners are those the sheet lists;
- the actions carried out are its linked action sheet and its centre's action sheets that
  name at least one of these partners (``Action.partners``); an action is evaluated when
  one heading of its self-assessment (« Auto-évaluation de l'action ») is filled;
- an interaction is a pair of the sheet's partners who met at a meeting held about the
  project (or its centre), or who took part in the same action.

The other criteria (involvement in local life, of the families) are the team's judgement.
A fixed number of queries, whatever the number of partners, actions or meetings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from django.db.models import Q

from fiches.models import Action, ProjectPartner, ProjectSheet
from parsing.action_sheet import SECTIONS

from .models import PartnerMeeting

SELF_ASSESSMENT_FIELDS = tuple(
    heading.field
    for section in SECTIONS
    if section.name == "self_assessment"
    for heading in section.headings
)


@dataclass(frozen=True)
class ProjectEvaluation:
    partner_count: int
    action_count: int
    evaluated_action_count: int
    meetings_held: int
    partners_met: int  # partners of the sheet present at one meeting at least
    pairs_met: int  # pairs of partners present at a meeting together
    pairs_in_actions: int  # pairs of partners who took part in the same action
    interactions: int  # pairs linked one way or the other
    next_meeting: date | None


def pairs_within(groups) -> set[tuple[int, int]]:
    """Every pair of members of the same group, each pair once (smaller number first)."""
    return {pair for group in groups for pair in combinations(sorted(set(group)), 2)}


def project_actions(sheet: ProjectSheet, partner_ids):
    return Action.objects.filter(
        Q(pk=sheet.related_action_id) | Q(centre=sheet.centre_id, partners__in=partner_ids)
    ).distinct()


def evaluate_project(sheet: ProjectSheet, today: date) -> ProjectEvaluation:
    partner_ids = set(
        ProjectPartner.objects.filter(project=sheet).values_list("partner_id", flat=True)
    )
    actions = project_actions(sheet, partner_ids).values_list("pk", *SELF_ASSESSMENT_FIELDS)
    evaluated = {row[0]: any(value.strip() for value in row[1:]) for row in actions}
    in_actions = defaultdict(set)
    links = Action.partners.through.objects.filter(
        action_id__in=list(evaluated), partner_id__in=partner_ids
    ).values_list("action_id", "partner_id")
    for action_id, partner_id in links:
        in_actions[action_id].add(partner_id)

    meetings = PartnerMeeting.objects.about_project(sheet)
    held = set(meetings.filter(date__lte=today).values_list("pk", flat=True))
    present = defaultdict(set)
    attendance = PartnerMeeting.partners_present.through.objects.filter(
        partnermeeting_id__in=held, partner_id__in=partner_ids
    ).values_list("partnermeeting_id", "partner_id")
    for meeting_id, partner_id in attendance:
        present[meeting_id].add(partner_id)
    next_meeting = (
        meetings.filter(date__gt=today).order_by("date").values_list("date", flat=True).first()
    )

    pairs_met = pairs_within(present.values())
    pairs_in_actions = pairs_within(in_actions.values())
    return ProjectEvaluation(
        partner_count=len(partner_ids),
        action_count=len(evaluated),
        evaluated_action_count=sum(evaluated.values()),
        meetings_held=len(held),
        partners_met=len(set().union(*present.values())),
        pairs_met=len(pairs_met),
        pairs_in_actions=len(pairs_in_actions),
        interactions=len(pairs_met | pairs_in_actions),
        next_meeting=next_meeting,
    )
