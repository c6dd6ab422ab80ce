"""How much of a sheet is written, as the workspace shows it: a column and a filter of the
change list, and on the change form, the headings the sheet still lacks."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import CompletenessBand


def what_it_lacks(action) -> str:
    """« 35 % — manque : Résultat sur le territoire, … », or « 100 % — complète »."""
    missing = [heading.page_title for heading in action.missing_headings]
    if not missing:
        return _("%(score)d %% — complète") % {"score": action.completeness}
    return _("%(score)d %% — manque : %(missing)s") % {
        "score": action.completeness,
        "missing": ", ".join(missing),
    }


class CompletenessFilter(admin.SimpleListFilter):
    title = gettext_lazy("complétude")
    parameter_name = "completude"

    def lookups(self, request, model_admin):
        return CompletenessBand.choices

    def queryset(self, request, queryset):
        if self.value() in CompletenessBand.values:
            return queryset.in_completeness_band(self.value())
        return queryset


class CompletenessAdminMixin:
    """The completeness of an action: its score and band in the change list (read from the
    row alone), what it lacks on the change form."""

    @admin.display(description=gettext_lazy("complétude"), ordering="completeness")
    def completeness_display(self, action) -> str:
        if action.pk is None:
            return "—"
        return f"{action.completeness} % ({action.completeness_band.label.split(' (')[0]})"

    @admin.display(description=gettext_lazy("complétude"))
    def completeness_detail(self, action) -> str:
        return "—" if action.pk is None else what_it_lacks(action)
