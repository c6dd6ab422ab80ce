"""What every ModelAdmin of the coordinators' workspace shares: the centre scope and the
publication workflow.

The permission rules live in ``centres.permissions``; the mixins below apply them at every
door of the admin: change lists, change forms and their choices, autocompletes, bulk actions
and history.
"""

from html import escape

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.publication import PublicationState

from .models import Centre
from .permissions import (
    allowed_publication_states,
    can_publish,
    is_coordinator,
    managed_centre_ids,
    scope_to_user,
)


class ScopedChoicesMixin:
    """Choices in forms (select, autocomplete) offer only records the user may touch: a
    centre's team picks among its own centres, its own sheets, its centres' partners."""

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if isinstance(related_admin, CentreScopedAdminMixin):
            if queryset is None:
                queryset = db_field.remote_field.model._default_manager.using(db)
            queryset = scope_to_user(queryset, request.user)
        return queryset


class CentreScopedAdminMixin(ScopedChoicesMixin):
    """A ModelAdmin whose records belong to centres: a user sees and touches only those of
    the centres he manages (the model's ``centre_lookup`` leads to them).

    The queryset scopes the change list, the change and delete views (another centre's
    record is "not found"), the autocomplete answers and the bulk actions; the object
    permissions say no to anything else that reaches a record, such as the history views.
    """

    # A web address typed without its scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user)

    def is_in_scope(self, request, obj) -> bool:
        """Whether the record, as stored (not as a form or an old version has it), belongs
        to one of the user's centres."""
        if obj is None or obj.pk is None or managed_centre_ids(request.user) is None:
            return True
        answers = request.__dict__.setdefault("_centre_scope_answers", {})
        key = (self.model._meta.label, obj.pk)
        if key not in answers:
            stored = self.model._default_manager.filter(pk=obj.pk)
            answers[key] = scope_to_user(stored, request.user).exists()
        return answers[key]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.is_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.is_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.is_in_scope(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        if not is_key_of(self.model, unquote(object_id)):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An old version, shown to revert to. django-simple-history finds it outside the
        admin's queryset and saves a POST with view permission alone: both are closed here.
        Restoring a deleted record is for coordinators."""
        history_model = self.model.history.model
        if not (is_key_of(self.model, unquote(object_id)) and is_key_of(history_model, version_id)):
            raise Http404
        current = self.get_object(request, unquote(object_id))
        if current is None and not is_coordinator(request.user):
            raise Http404
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def is_key_of(model, value: str) -> bool:
    """Whether ``value``, from a URL, can be a primary key of ``model``: django-simple-history
    looks records up by the keys of its URLs unchecked, and a database refuses ``"abc"`` as
    an integer."""
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return True


class PublicationAdminMixin:
    """The publication workflow in the admin: who may set which state, and the bulk actions.

    brouillon → à relire (the centre's team submits) → publiée (a coordinator publishes);
    coordinators also unpublish (back to brouillon) and archive.
    """

    publication_actions = ["submit_for_review", "publish", "unpublish", "archive"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("publication_state")
        if field is not None and not can_publish(request.user):
            allowed = allowed_publication_states(request.user, self.stored_state(obj))
            field.choices = [(value, label) for value, label in field.choices if value in allowed]
        return form

    def stored_state(self, obj) -> str | None:
        """The state in the database: an old version being reverted to does not count."""
        if obj is None or obj.pk is None:
            return None
        stored = self.model._default_manager.filter(pk=obj.pk)
        return stored.values_list("publication_state", flat=True).first()

    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user) and self.has_change_permission(request)

    def move_to(self, request, queryset, state, reason) -> None:
        changed = queryset.move_to(state, reason=reason)
        self.message_user(
            request,
            ngettext(
                "%(count)d fiche passée à l'état « %(state)s ».",
                "%(count)d fiches passées à l'état « %(state)s ».",
                changed,
            )
            % {"count": changed, "state": PublicationState(state).label},
        )

    @admin.action(description=_("Soumettre pour relecture (brouillon → à relire)"),
                  permissions=["change"])  # fmt: skip
    def submit_for_review(self, request, queryset):
        drafts = queryset.filter(publication_state=PublicationState.DRAFT)
        self.move_to(request, drafts, PublicationState.IN_REVIEW, "Soumise pour relecture")

    @admin.action(description=_("Publier"), permissions=["publish"])
    def publish(self, request, queryset):
        self.move_to(request, queryset, PublicationState.PUBLISHED, "Publiée")

    @admin.action(description=_("Dépublier (retour en brouillon)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self.move_to(request, queryset, PublicationState.DRAFT, "Dépubliée")

    @admin.action(description=_("Archiver"), permissions=["publish"])
    def archive(self, request, queryset):
        self.move_to(request, queryset, PublicationState.ARCHIVED, "Archivée")


class CentreInScopeFilter(admin.RelatedFieldListFilter):
    """A change list's filter by centre, offering the centres the user may touch, read
    from the centres alone (listing the centres of the sheets read every sheet), in one
    list to choose from: a link per centre made a page of 2,000 links (and as many
    addresses to compute).

    The centres are read as pairs, not as instances, and their options are written in one
    join: through the template's loop, 2,000 options took a third of the page's time."""

    template = "admin/filters/select.html"

    def field_choices(self, field, request, model_admin):
        centres = scope_to_user(Centre.objects.order_by("display_name", "pk"), request.user)
        return list(centres.values_list("pk", "display_name"))

    def choices(self, changelist):
        ignored = {self.lookup_kwarg, self.lookup_kwarg_isnull, PAGE_VAR}
        selected = str(self.lookup_val[-1]) if self.lookup_val else ""
        yield {
            "parameter": self.lookup_kwarg,
            "selected": selected,
            "options": select_options(self.lookup_choices, selected),
            "kept": [
                (name, value)
                for name, values in changelist.params.items()
                if name not in ignored
                for value in (values if isinstance(values, list) else [values])
            ],
        }


def select_options(choices, selected: str) -> str:
    """The ``<option>`` elements of ``(value, label)`` pairs, ``selected`` marked. Escaped
    by the standard library's ``html.escape``: Django's ``format_html`` costs ten times
    more per option, for the lazy strings these pairs never hold."""
    options = []
    for value, label in choices:
        value = str(value)
        marked = " selected" if value == selected else ""
        options.append(f'<option value="{escape(value)}"{marked}>{escape(str(label))}</option>')
    return mark_safe("".join(options))  # every value and label escaped above


class DepartementInScopeFilter(admin.SimpleListFilter):
    """The départements of the centres the user may touch, for records with a ``centre``."""

    title = _("département")
    parameter_name = "departement"

    def lookups(self, request, model_admin):
        centres = scope_to_user(Centre.objects.all(), request.user)
        departements = (
            centres.exclude(departement="")
            .order_by("departement")
            .values_list("departement", flat=True)
            .distinct()
        )
        return [(departement, departement) for departement in departements]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(centre__departement=self.value())
        return queryset
