"""Action sheets, project sheets and the vocabularies they are filed under; and the search's
documents and lexicon, declared in ``fiches.search`` and registered here with the app's models."""

from fiches.search.models import ActionSearch, SearchWord

# A sheet's multi-valued headings, each a vocabulary of its own, in the sheet's order.
from parsing.action_sheet import VOCABULARY_FIELDS

from .actions import (
    ACTION_HISTORY,
    COMPLETENESS_HEADING_COUNT,
    COMPLETENESS_TEXT_HEADINGS,
    LISTING_DEFERRED_FIELDS,
    Action,
    ActionQuerySet,
    completeness_score,
)
from .attachments import Attachment
from .pending_imports import PendingImport
from .projects import ProjectAction, ProjectPartner, ProjectSheet, TimelineEntry
from .spellings import AccentedRunCount
from .vocabularies import Initiator, Keyword, PartnerType, Public, Vocabulary

__all__ = [
    "ACTION_HISTORY",
    "COMPLETENESS_HEADING_COUNT",
    "COMPLETENESS_TEXT_HEADINGS",
    "LISTING_DEFERRED_FIELDS",
    "VOCABULARY_FIELDS",
    "AccentedRunCount",
    "Action",
    "ActionQuerySet",
    "ActionSearch",
    "Attachment",
    "Initiator",
    "Keyword",
    "PartnerType",
    "PendingImport",
    "ProjectAction",
    "ProjectPartner",
    "ProjectSheet",
    "Public",
    "SearchWord",
    "TimelineEntry",
    "Vocabulary",
    "completeness_score",
]
