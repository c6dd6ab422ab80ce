"""Checks on the codebase itself: rules the project keeps that no single feature test covers."""

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.utils.html import escape

from parsing import parse_action_dump
from parsing.action_sheet import HEADINGS, SECTIONS, Kind

ROOT = Path(__file__).resolve().parents[1]
# App labels, and the packages that hold them (``core`` keeps its first label).
PROJECT_APPS = ("actions_catalog", "centres", "fiches", "directory")
PROJECT_PACKAGES = ("core", "centres", "fiches", "directory", "web")


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


@pytest.mark.parametrize(
    "path", sorted((ROOT / "fiches/search").glob("*.py")), ids=lambda path: path.name
)
def test_the_search_never_names_the_sheets_models(path):
    """import-linter keeps the search from importing the sheets' models; nor does it reach
    them by name: it reads the sheets it is given (a queryset, or through its documents'
    relation)."""
    assert "get_model(" not in path.read_text(encoding="utf-8")


# Written only by code and never by hand: derived data (the search documents, the lexicon of
# their words, the catalogue's version and its log of changes, the former slugs of pages, the
# counts of the accented words the catalogue's spellings come from) and the files waiting for
# an import's confirmation.
NOT_EDITED_BY_HAND = {
    "ActionSearch", "SearchWord", "CatalogueVersion", "CatalogueChange", "PendingImport",
    "FormerSlug", "AccentedRunCount",
}  # fmt: skip


@pytest.mark.parametrize(
    "model",
    [model for model in project_models() if model.__name__ not in NOT_EDITED_BY_HAND],
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


# What a Content-Security-Policy without 'unsafe-inline' makes the browser refuse: scripts and
# styles belong in static/ (tests/test_security_headers.py checks the rendered pages).
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>\s*\S|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


def test_templates_have_no_inline_script_or_style():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if INLINE_CODE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# --- The fiche action's declaration (``parsing.action_sheet``) ------------------------------


def _marker(heading) -> str:
    return f"Valeur de {heading.name.replace('_', ' ')}"


def _dump_of_every_heading() -> str:
    """A dump of one sheet that fills every declared heading with a value of its own."""
    lines = ['Actions "Une fiche complète"']
    for section in SECTIONS:
        lines.append(section.label)
        for heading in section.headings:
            for label in heading.labels:
                lines.append(f"- {label}" if heading.kind is not Kind.TEXT else label)
            if heading.kind is Kind.TEXT:
                lines.append(_marker(heading))
            elif heading.kind is Kind.CHOICE:
                lines.append(f"- {heading.choices[0][1]}")
            elif heading.kind is Kind.ORGANISER:
                lines.append("- CENTRE SOCIAL DES ESSAIS - Yvelines")
            else:
                lines.append(f"- {_marker(heading)}")
    return "\n".join(lines) + "\n"


def _shown(heading) -> str:
    if heading.kind is Kind.CHOICE:
        return heading.choices[0][1]
    if heading.kind is Kind.ORGANISER:
        return "Centre social des Essais"
    return _marker(heading)


@pytest.mark.django_db
@pytest.mark.parametrize("heading", HEADINGS, ids=lambda heading: heading.name)
def test_every_declared_heading_is_parsed_stored_edited_and_shown(heading, client):
    from fiches.admin import ActionAdmin
    from fiches.importing import import_text
    from fiches.models import Action
    from parsing.action_dump import SHEET_HEADINGS

    # The parser reads each of its labels into its field...
    read = [entry.label for entry in SHEET_HEADINGS if entry.record_field == heading.name]
    assert read == list(heading.labels)
    sheet = parse_action_dump(_dump_of_every_heading()).sheets[0]
    parsed = getattr(sheet, heading.name)
    assert _shown(heading).upper() in str(parsed).upper()

    # ...the importer stores it in its model field...
    report = import_text(
        text=_dump_of_every_heading(), source="essai.txt", publication_state="publiee"
    )
    assert report.ok, report.error
    action = Action.objects.get()
    stored = getattr(action, heading.field)
    if heading.kind is Kind.VOCABULARY:
        stored = [str(entry) for entry in stored.all()]
    if heading.kind is Kind.CHOICE:
        assert stored == heading.choices[0][0]
    else:
        assert _shown(heading).upper() in str(stored).upper()
    assert Action._meta.get_field(heading.field).verbose_name == heading.verbose_name

    # ...the admin edits it in its section's fieldset (or shows it, when it is not editable)...
    fieldsets = dict(ActionAdmin.fieldsets)
    if Action._meta.get_field(heading.field).editable:
        section = next(section for section in SECTIONS if heading in section.headings)
        assert heading.field in fieldsets[section.title]["fields"]
    else:
        assert heading.field in ActionAdmin.readonly_fields

    # ...and the public page shows it once: in the summary at the top, or under its heading.
    html = client.get(action.get_absolute_url()).content.decode()
    summary = html[html.index('class="sheet__summary"') : html.index('class="sheet__body"')]
    body = html[html.index('class="sheet__body"') : html.index('class="print-only')]
    shown_in, left_out = (summary, body) if heading.in_summary else (body, summary)
    if heading.in_summary:
        assert f"<dt>{escape(heading.page_title)}</dt>" in summary
    elif heading.kind is not Kind.LINES:
        assert f"<h3>{escape(heading.page_title)}</h3>" in body
    assert escape(_shown(heading)) in shown_in
    assert escape(_shown(heading)) not in left_out
