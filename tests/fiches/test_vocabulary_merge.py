"""Merging vocabulary entries: no sheet loses a link, in the service and from the admin."""

import pytest
from django.db import IntegrityError

from fiches.models import Action, Keyword, Public
from fiches.services import merge_vocabulary_entries
from tests.admin_forms import admin_url
from tests.fiches.factories import ActionFactory, KeywordFactory, PublicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spellings():
    """Two spellings of one keyword, each filing sheets, one sheet filed under both."""
    kept, duplicate = KeywordFactory(name="Parentalité"), KeywordFactory(name="Parentalite (sic)")
    only_kept = ActionFactory(keywords=[kept])
    only_duplicate = ActionFactory(keywords=[duplicate])
    both = ActionFactory(keywords=[kept, duplicate])
    return kept, duplicate, (only_kept, only_duplicate, both)


def test_merging_keeps_every_link_once(spellings):
    kept, duplicate, actions = spellings

    refiled = merge_vocabulary_entries(keep=kept, merged=[duplicate])

    assert refiled == 2
    assert not Keyword.objects.filter(pk=duplicate.pk).exists()
    for action in actions:
        assert list(action.keywords.all()) == [kept]
    assert kept.actions.count() == 3


def test_merging_records_why_each_sheet_changed(spellings):
    kept, duplicate, (_only_kept, only_duplicate, _both) = spellings

    merge_vocabulary_entries(keep=kept, merged=[duplicate])

    latest = only_duplicate.history.latest("history_date")
    assert latest.history_change_reason == "Fusion de « Parentalite (sic) » dans « Parentalité »"
    assert [row.keyword_id for row in latest.keywords.all()] == [kept.pk]


def test_merging_leaves_completeness_and_other_vocabularies_alone(spellings):
    kept, duplicate, _actions = spellings
    public = PublicFactory()
    sheet = ActionFactory(keywords=[duplicate], publics=[public])
    before = Action.objects.get(pk=sheet.pk).completeness

    merge_vocabulary_entries(keep=kept, merged=[duplicate, kept])

    sheet.refresh_from_db()
    assert sheet.completeness == before
    assert list(sheet.publics.all()) == [public]


def test_entries_of_different_vocabularies_are_not_merged(spellings):
    kept, _duplicate, _actions = spellings

    with pytest.raises(ValueError):
        merge_vocabulary_entries(keep=kept, merged=[PublicFactory()])

    assert Public.objects.count() == 1


def test_a_failed_merge_changes_nothing(spellings, monkeypatch):
    kept, duplicate, (_only_kept, only_duplicate, _both) = spellings

    def fail(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(Action, "save", fail)
    with pytest.raises(IntegrityError):
        merge_vocabulary_entries(keep=kept, merged=[duplicate])

    assert list(only_duplicate.keywords.all()) == [duplicate]
    assert Keyword.objects.filter(pk=duplicate.pk).exists()


def test_the_admin_asks_which_entry_to_keep_then_merges(coordinator_client, spellings):
    kept, duplicate, actions = spellings
    selection = {"action": "merge", "_selected_action": [kept.pk, duplicate.pk]}

    page = coordinator_client.post(admin_url(Keyword, "changelist"), selection | {"index": 0})

    assert page.status_code == 200
    assert "Entrée à garder" in page.content.decode()
    assert Keyword.objects.count() == 2  # nothing merged before the choice is confirmed

    response = coordinator_client.post(
        admin_url(Keyword, "changelist"), selection | {"confirm": "1", "keep": kept.pk}, follow=True
    )

    assert "1 entrée fusionnée dans « Parentalité »" in response.content.decode()
    assert list(Keyword.objects.all()) == [kept]
    assert all(list(action.keywords.all()) == [kept] for action in actions)


def test_the_admin_needs_two_entries(coordinator_client, spellings):
    kept, _duplicate, _actions = spellings

    response = coordinator_client.post(
        admin_url(Keyword, "changelist"),
        {"action": "merge", "index": 0, "_selected_action": [kept.pk]},
        follow=True,
    )

    assert "au moins deux entrées" in response.content.decode()


def test_a_centre_team_cannot_merge(client, centre_staff, spellings):
    kept, duplicate, _actions = spellings
    client.force_login(centre_staff)

    client.post(
        admin_url(Keyword, "changelist"),
        {"action": "merge", "_selected_action": [kept.pk, duplicate.pk], "confirm": "1",
         "keep": kept.pk},
    )  # fmt: skip

    assert Keyword.objects.count() == 2
