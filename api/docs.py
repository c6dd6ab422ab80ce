"""The API's documentation page (``/api/``), rendered by the site from the OpenAPI document:
each operation, its parameters, its answers and an example of what it returns.

No third-party viewer: those load their code from elsewhere, which the site's
Content-Security-Policy refuses and its readers' privacy would not want; a page of the site
is readable without JavaScript, and accessible like the others.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import TemplateView

from .endpoints import api

# How deep an example follows the document's references (a list of records of lists).
EXAMPLE_DEPTH = 6
EXAMPLE_VALUES = {"string": "…", "integer": 0, "number": 0, "boolean": True}


def inline_code(text: str) -> SafeString:
    """The document's Markdown for code (`slug`) as HTML, the rest escaped."""
    parts = [escape(part) for part in text.split("`")]
    if len(parts) % 2 == 0:  # an unpaired backquote: the text as it is
        return escape(text)
    html = "".join(
        f"<code>{part}</code>" if position % 2 else part for position, part in enumerate(parts)
    )
    return mark_safe(html)  # every part is escaped above


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    kind: str
    required: bool
    description: SafeString


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: SafeString
    anchor: str
    parameters: list[Parameter]
    answers: list[tuple[str, str]]
    example: str


@cache
def openapi_document() -> dict:
    """The document as ``/api/openapi.json`` serves it (it only changes with the code)."""
    return api.get_openapi_schema(path_prefix=reverse("api:api-root"))


def _resolve(schema: dict, document: dict) -> dict:
    reference = schema.get("$ref")
    if reference:
        name = reference.rsplit("/", 1)[-1]
        return document["components"]["schemas"][name]
    return schema


def _kind(schema: dict, document: dict) -> str:
    """A parameter's type in words: « texte », « liste de texte », the values of an enum."""
    schema = _resolve(schema, document)
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return _kind(option, document)
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    if schema.get("type") == "array":
        return f"liste de ({_kind(schema.get('items', {}), document)})"
    names = {"string": "texte", "integer": "entier", "number": "nombre", "boolean": "booléen"}
    kind = names.get(schema.get("type", ""), schema.get("type", ""))
    bounds = [f"{word} {schema[key]}" for key, word in (("minimum", "≥"), ("maximum", "≤"))
              if key in schema]  # fmt: skip
    return ", ".join([kind, *bounds])


def example(schema: dict, document: dict, depth: int = EXAMPLE_DEPTH):
    """A value of ``schema``: its example or default if it has one, else a placeholder."""
    schema = _resolve(schema, document)
    if "anyOf" in schema:
        options = [option for option in schema["anyOf"] if option.get("type") != "null"]
        return example(options[0], document, depth) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth == 0:
            return {}
        properties = schema.get("properties", {})
        return {name: example(value, document, depth - 1) for name, value in properties.items()}
    if kind == "array":
        return [example(schema.get("items", {}), document, depth - 1)] if depth else []
    if schema.get("format") == "date-time":
        return "2026-01-31T09:00:00+01:00"
    return EXAMPLE_VALUES.get(kind)


def operations(document: dict) -> list[Operation]:
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = [
                Parameter(
                    name=parameter["name"],
                    location={"query": "requête", "path": "chemin"}.get(
                        parameter["in"], parameter["in"]
                    ),
                    kind=_kind(parameter.get("schema", {}), document),
                    required=parameter.get("required", False),
                    description=inline_code(parameter.get("description", "")),
                )
                for parameter in operation.get("parameters", [])
            ]
            # Keys as the JSON document writes them (the schema's own are numbers).
            responses = {str(code): answer for code, answer in operation["responses"].items()}
            success = responses.get("200", {}).get("content", {}).get("application/json", {})
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=inline_code(operation.get("description", "")),
                    anchor=operation["operationId"].replace("_", "-"),
                    parameters=parameters,
                    answers=[
                        (code, answer.get("description", "")) for code, answer in responses.items()
                    ],
                    example=json.dumps(
                        example(success.get("schema", {}), document),
                        ensure_ascii=False,
                        indent=2,
                    ),
                )
            )
    return found


class ApiDocumentationView(TemplateView):
    template_name = "api/documentation.html"

    def get_context_data(self, **kwargs):
        document = openapi_document()
        return super().get_context_data(
            document=document["info"],
            operations=operations(document),
            rate_limit=settings.API_RATE_LIMIT,
            rate_limit_seconds=settings.API_RATE_LIMIT_SECONDS,
            **kwargs,
        )
