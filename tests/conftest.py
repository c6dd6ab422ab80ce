from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from centres.permissions import CENTRE_TEAM_GROUP, COORDINATORS_GROUP
from tests.centres.factories import CentreFactory, CentreMembershipFactory, UserFactory

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
ACTION_DUMP = FIXTURES_DIR / "observatoire-yvelines-fiches-actions.txt"
PROJECT_SHEET = FIXTURES_DIR / "chantiers-fiche-projet-famille-2018.txt"


@pytest.fixture
def action_dump_path() -> Path:
    return ACTION_DUMP


@pytest.fixture
def project_sheet_path() -> Path:
    return PROJECT_SHEET


@pytest.fixture
def seeded(db, action_dump_path, project_sheet_path):
    """The seed sheets, all published, as ``make run`` loads them."""
    call_command(
        "import_sheets",
        "--publication-state=publiee",
        str(action_dump_path),
        str(project_sheet_path),
        stdout=StringIO(),
    )


# --- Roles of the coordinators' workspace -------------------------------------------------


@pytest.fixture
def own_centre(db):
    return CentreFactory(display_name="Centre social des Tilleuls")


@pytest.fixture
def other_centre(db):
    return CentreFactory(display_name="Maison de quartier des Érables")


@pytest.fixture
def coordinator(db):
    return UserFactory(
        username="coordinatrice", groups=[Group.objects.get(name=COORDINATORS_GROUP)]
    )


@pytest.fixture
def centre_staff(own_centre):
    """A member of the team of ``own_centre`` only."""
    user = UserFactory(username="animateur", groups=[Group.objects.get(name=CENTRE_TEAM_GROUP)])
    CentreMembershipFactory(user=user, centre=own_centre)
    return user


@pytest.fixture
def plain_staff(db):
    """Staff with no role: the workspace shows them nothing."""
    return UserFactory(username="stagiaire")


@pytest.fixture
def coordinator_client(coordinator):
    """A browser of its own, signed in as a coordinator (``client`` stays free)."""
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.fixture
def staff_client(coordinator_client):
    """Staff who read every draft and internal note on the public site: a coordinator. Staff
    without a role read what the public reads, a centre's team its own centres' drafts
    (``tests/test_public_scope.py``)."""
    return coordinator_client


@pytest.fixture
def migration_executor():
    """To run a data migration on rows written by the test; the database goes back to the
    latest migrations afterwards, as every later test expects (a sheet's save reads tables
    that later migrations create)."""
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    # What ``migrate`` does after it runs and the executor does not: a migration that rebuilds
    # a table (SQLite's ALTER TABLE) drops its triggers, and going back before the spellings'
    # counts dropped theirs; the apps' post_migrate handlers install them again.
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
