"""Optimistic concurrency for the admin's change forms: a save made from an outdated version
is refused, says what changed meanwhile, and loses nothing.

Two people open the same record; the first saves; without this, the second's save would put
back, silently, what the first had changed. Here a change form carries, in a signed hidden
field, the *edited state* it was rendered from: the values of the fields it edits (its
many-to-many links included) and of the rows of its inlines. On save, the record's row is
locked (``select_for_update``, in the transaction the admin opens for the save) and its
state read again; if it is not the one the form started from, the save is refused: the form
comes back with the user's values and a table of what changed (each field with its value
when the page was opened, its value now and the value submitted), and its hidden field now
carries the stored state, so that saving again, once the user has merged, succeeds.

Why the state itself rather than ``updated_at`` or a hash of it: a timestamp misses two
saves within its precision and the changes to an inline's rows, which leave the record's
row alone; a hash tells that something changed but not what the user started from, which
the refusal must show. Only what the form edits counts: a field it does not show (the
date of the last review, the completeness computed on save) is saved as it is when the
save is made, the row being read again under the lock, so a change to it refuses nothing;
nor do the rows of an inline the user may not see. The record's values in the state are
those the form shows, and its inlines' rows are read before the inline forms read them: a
version is never newer than what the user saw, so no change is missed (one made while the
page was being built is, at worst, shown as a change).

A new record has no version. Reverting to a version from the history is an explicit
decision to overwrite: its form has none either. Nothing here knows a domain app.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from .edit_conflict import EditConflict
from .edited_state import EditedChildren, edited_field_names, edited_state

VERSION_FIELD = "edited_version"

CONFLICT = _(
    "Quelqu'un d'autre a enregistré des modifications de « %(record)s » depuis que vous "
    "avez ouvert cette page : votre enregistrement n'a pas été fait, pour ne pas les "
    "effacer. Le tableau ci-dessous montre ce qui a changé ; vos saisies sont restées dans "
    "le formulaire. Reprenez-y ce que vous voulez garder de ses modifications, puis "
    "enregistrez à nouveau."
)
NO_VERSION = _(
    "Ce formulaire ne dit pas de quelle version de « %(record)s » il part : rien n'a été "
    "enregistré. Vos saisies sont restées dans le formulaire ; comparez-les à la version "
    "enregistrée (ouvrez-la dans un autre onglet), puis enregistrez à nouveau."
)
DELETED_MEANWHILE = _(
    "Quelqu'un a supprimé « %(record)s » depuis que vous avez ouvert cette page : rien n'a "
    "été enregistré."
)


# --- The form --------------------------------------------------------------------------------


class VersionCheckedFormMixin:
    """A ModelForm that refuses to save a record changed since the form was rendered.

    ``edited_children`` lists the inlines edited along with the record (the admin sets it:
    see :class:`VersionCheckedAdminMixin`). The check runs in :meth:`clean`, in the
    transaction of the save, so that nobody else's save can come between the check and
    this one."""

    edited_children: tuple[EditedChildren, ...] = ()
    edit_conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            # The values the form shows, not those of a later read of the database.
            shown = {name: self.initial.get(name) for name in self.edited_fields}
            state = edited_state(self.instance, shown, self.edited_children)
            self.initial[VERSION_FIELD] = self.signed(state)

    @property
    def edited_fields(self) -> tuple[str, ...]:
        return edited_field_names(type(self.instance), self.fields)

    def version_salt(self) -> str:
        # A version is good for its own record only.
        return f"{__name__}:{self.instance._meta.label_lower}:{self.instance.pk}"

    def signed(self, state: dict) -> str:
        return signing.dumps(state, salt=self.version_salt(), compress=True)

    def posted_state(self) -> dict | None:
        token = self.data.get(self.add_prefix(VERSION_FIELD))
        if not token:
            return None
        try:
            return signing.loads(token, salt=self.version_salt())
        except signing.BadSignature:
            return None

    def clean(self):
        cleaned_data = super().clean()
        self.check_version()
        return cleaned_data

    def check_version(self) -> None:
        record = self.instance
        locked = type(record)._base_manager.select_for_update()
        try:
            # Until the transaction ends, every other save of the record waits here; and
            # what the form does not edit is saved as it is now, not as it was read.
            record.refresh_from_db(from_queryset=locked)
        except ObjectDoesNotExist:
            raise ValidationError(
                DELETED_MEANWHILE, code="deleted_meanwhile", params={"record": str(record)}
            ) from None
        stored_fields = model_to_dict(record, self.edited_fields)
        stored = edited_state(record, stored_fields, self.edited_children)
        started_from = self.posted_state()
        if started_from == stored:
            return
        # The form comes back with the user's values, from the version now stored: saving
        # it again is the decision to keep those values, made knowing what changed.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = self.signed(stored)
        if started_from is None:
            raise ValidationError(NO_VERSION, code="no_version", params={"record": str(record)})
        self.edit_conflict = EditConflict(type(record), started_from, stored)
        raise ValidationError(CONFLICT, code="edit_conflict", params={"record": str(record)})


# --- The admin -------------------------------------------------------------------------------


class VersionCheckedAdminMixin:
    """A ModelAdmin whose change form refuses a save made from an outdated version (see the
    module's docstring); its inlines are part of the version."""

    change_form_template = "admin/version_checked_change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        reverting = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is not None
        if change and obj is not None and obj.pk is not None and not reverting:
            form = kwargs.get("form") or self.form
            children = tuple(self.edited_children(request, obj))
            kwargs["form"] = type(
                form.__name__, (VersionCheckedFormMixin, form), {"edited_children": children}
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def edited_children(self, request, obj):
        """The inlines the user sees on the change form of ``obj``."""
        for formset, inline in self.get_formsets_with_inlines(request, obj):
            fields = set(formset.form.base_fields) - {formset.fk.name}
            yield EditedChildren(
                key=formset.get_default_prefix(),
                model=formset.model,
                link=formset.fk.name,
                fields=edited_field_names(formset.model, fields),
                rows=inline.get_queryset(request),
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        conflict = form.edit_conflict if isinstance(form, VersionCheckedFormMixin) else None
        formsets = [inline.formset for inline in context["inline_admin_formsets"]]
        context |= {
            "edited_version": form[VERSION_FIELD] if VERSION_FIELD in form.fields else None,
            "edit_conflict": conflict.differences(form, formsets) if conflict else None,
        }
        return super().render_change_form(request, context, add, change, form_url, obj)
