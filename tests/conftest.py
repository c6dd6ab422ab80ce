from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
ACTION_DUMP = FIXTURES_DIR / "observatoire-yvelines-fiches-actions.txt"
PROJECT_SHEET = FIXTURES_DIR / "chantiers-fiche-projet-famille-2018.txt"


@pytest.fixture
def action_dump_path() -> Path:
    return ACTION_DUMP


@pytest.fixture
def project_sheet_path() -> Path:
    return PROJECT_SHEET
