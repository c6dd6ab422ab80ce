"""Helpers for driving the admin like a browser: its URLs and the data its forms post."""

from html.parser import HTMLParser

from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.urls import reverse


def admin_url(model_or_obj, view: str, *args) -> str:
    """``admin_url(action, "change")``, ``admin_url(Action, "changelist")``…"""
    opts = model_or_obj._meta
    if isinstance(model_or_obj, Model) and view in {"change", "delete", "history"}:
        args = (model_or_obj.pk, *args)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


class HiddenInputs(HTMLParser):
    """The hidden inputs of the form ``form_id`` of a page, as a browser posts them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        elif self.in_form and tag == "input" and attrs.get("type") == "hidden":
            self.values[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def _posted(value):
    if isinstance(value, FieldFile) or value is None:
        return None
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def _form_data(form) -> dict:
    """What the visible fields of ``form`` post; hidden ones are read from the page."""
    data = {}
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        value = _posted(form[name].value())
        if isinstance(value, list) and hasattr(field, "queryset"):
            # A browser shows, so posts back, only the selected options it was offered.
            offered = {str(pk) for pk in field.queryset.values_list("pk", flat=True)}
            value = [item for item in value if item in offered]
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def changeform_data(response, **changes) -> dict:
    """What the add or change form of ``response`` posts as it stands, with ``changes``: its
    hidden inputs (the version it was rendered from, the inlines' keys and counts) as the
    page has them, its other fields as its form and inline forms hold them."""
    context = response.context
    hidden = HiddenInputs(f"{context['opts'].model_name}_form")
    hidden.feed(response.content.decode())
    data = _form_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):  # none on a revert page
        for form in inline.formset.forms:
            data |= _form_data(form)
    data |= hidden.values
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
