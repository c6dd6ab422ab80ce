"""What the sheets' admins show beyond their fields: change list columns short enough for
the key ones to fit a 1280 px screen (``static/css/admin/desk.css`` sizes them), and the
values already used offered while typing a free-text heading."""

from django.contrib import admin
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from centres.permissions import scope_to_user
from core.widgets import DatalistTextInput

# Beyond this many characters, a title is cut in the change list (in full on hover).
TITLE_COLUMN_LENGTH = 70


class ShortColumnsAdminMixin:
    """Change list columns under short headers: a sheet's title (cut, in full in its
    ``title`` attribute), its centre, status, publication state and last change."""

    @admin.display(description=_("titre"), ordering="title")
    def title_display(self, sheet):
        # format_html escapes the stored title: nothing written by a centre is marked safe.
        short = Truncator(sheet.title).chars(TITLE_COLUMN_LENGTH)
        return format_html('<span title="{}">{}</span>', sheet.title, short)

    @admin.display(description=_("centre"), ordering="centre__display_name")
    def centre_display(self, sheet) -> str:
        return str(sheet.centre)

    @admin.display(description=_("statut"), ordering="status")
    def status_display(self, sheet) -> str:
        return sheet.get_status_display()

    @admin.display(description=_("publication"), ordering="publication_state")
    def state_display(self, sheet) -> str:
        return sheet.get_publication_state_display()

    @admin.display(description=_("modifiée"), ordering="updated_at")
    def updated_display(self, sheet) -> str:
        return format_date(localtime(sheet.updated_at), "d/m/Y")


class SuggestedValuesAdminMixin:
    """Free-text fields (``suggested_value_fields``) that offer, as one types, the values
    already written on the sheets this person may see (published, or of their centres)."""

    suggested_value_fields: tuple[str, ...] = ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in self.suggested_value_fields:
            field = form.base_fields.get(name)
            if field is not None:
                field.widget = DatalistTextInput(
                    self.values_in_use(request, name), attrs=field.widget.attrs
                )
        return form

    def values_in_use(self, request, name: str) -> list[str]:
        written = self.model.objects.exclude(**{name: ""}).order_by(name)
        values = set()
        for sheets in (scope_to_user(written, request.user), written.published()):
            values.update(sheets.values_list(name, flat=True).distinct())
        return sorted(values, key=str.casefold)
