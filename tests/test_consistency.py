"""Checks on the codebase itself: rules the project keeps that no single feature test covers."""

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
# App labels, and the packages that hold them (``core`` keeps its first label).
PROJECT_APPS = ("actions_catalog", "centres", "fiches")
PROJECT_PACKAGES = ("core", "centres", "fiches", "web")


def project_models():
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def test_parsers_import_no_django():
    for path in (ROOT / "parsing").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), path.name


# Derived data, written only by code and never by hand: the search documents, the lexicon
# of their words, the catalogue's version.
DERIVED_MODELS = {"ActionSearch", "SearchWord", "CatalogueVersion"}


@pytest.mark.parametrize(
    "model",
    [model for model in project_models() if model.__name__ not in DERIVED_MODELS],
    ids=lambda model: model.__name__,
)
def test_every_model_is_editable_in_the_admin(model):
    inline_models = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    assert model in admin.site._registry or model in inline_models


@pytest.mark.parametrize("model", list(project_models()), ids=lambda model: model.__name__)
def test_every_model_reads_as_a_name(model):
    assert "__str__" in vars(model) or any(
        "__str__" in vars(base)
        for base in model.__mro__[1:]
        if base.__module__.startswith(PROJECT_PACKAGES)
    )


@pytest.mark.django_db
def test_no_migration_is_missing():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())


def test_templates_never_mark_stored_text_safe():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if re.search(r"\|\s*safe\b|{%\s*autoescape\s+off", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
