"""The history page of a sheet in the workspace: its own versions and its children's
changes (``fiches.history``), and reverting it to a version, children included."""

from contextlib import nullcontext

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.paginator import Paginator
from django.db import router, transaction
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst, get_text_list
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.history import change_reason

from .history import child_saves, restore_children


class ChildHistoryAdminMixin:
    """A sheet's history page that also lists the changes to its children, the rows edited
    as its inlines (``history_children``: a project sheet's actions, partners and timeline,
    an action's files), each with who, when, why and what changed, in a section of its own
    below the sheet's versions (see ``fiches.history``).

    Reverting the sheet to a version is one transaction, recorded with the reason « Retour à
    la version du … »; with ``revert_restores_children``, it also puts the children back as
    they were in that version (:func:`fiches.history.restore_children`).

    The children's history has no page of its own: it is read only for the history page of
    a sheet the user may see, once django-simple-history has checked that he may."""

    history_children = []
    revert_restores_children = False
    child_history_per_page = 100
    child_history_page_var = "elements"
    object_history_template = "admin/fiches/object_history.html"
    object_history_form_template = "admin/fiches/object_history_form.html"

    def render_history_view(self, request, template, context, **kwargs):
        # Called by the history page once the sheet is found and the permission checked.
        if template == self.object_history_template:
            context = context | self.child_history_context(request, context["object"])
        return super().render_history_view(request, template, context, **kwargs)

    def child_history_context(self, request, obj) -> dict:
        saves = child_saves(self.model, obj.pk, self.history_children)
        paginator = Paginator(saves, self.child_history_per_page)
        page = paginator.get_page(request.GET.get(self.child_history_page_var))
        return {
            "children_label": self.children_label(),
            "child_saves": page,
            "child_saves_page_var": self.child_history_page_var,
        }

    def children_label(self) -> str:
        names = [model._meta.verbose_name_plural for model in self.history_children]
        return capfirst(get_text_list(names, _("et")))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The whole revert (the sheet, its vocabularies, its children) under one reason.
        version = None
        if request.method == "POST" and str(version_id).isdigit():
            version = self.model.history.filter(history_id=version_id).first()
        reason = change_reason(revert_reason(version)) if version else nullcontext()
        context = {
            "children_label": self.children_label(),
            "revert_restores_children": self.revert_restores_children,
            **(extra_context or {}),
        }
        with transaction.atomic(using=router.db_for_write(self.model)), reason:
            response = super().history_form_view(request, object_id, version_id, context)
            if version is not None and response.status_code == 302:
                self.reverted(unquote(object_id))
            return response

    def reverted(self, object_id) -> None:
        """Called once a revert has saved the sheet, then its many-to-many fields, in the
        revert's transaction: what depends on both is brought up to date here."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A record read from its history is being saved: a revert to that version.
        version = getattr(obj, "_history", None)
        if version is None or not self.revert_restores_children:
            return
        restored = restore_children(obj, version, self.history_children)
        self.message_user(
            request,
            ngettext(
                "%(children)s : %(count)d élément rétabli tel qu'il était à cette version.",
                "%(children)s : %(count)d éléments rétablis tels qu'ils étaient à cette version.",
                restored.changed,
            )
            % {"children": self.children_label(), "count": restored.changed},
        )
        if restored.left_out:
            self.message_user(
                request,
                _("Non rétablis (ce qu'ils désignent a été supprimé, ou leur place est "
                  "prise) : %(children)s.") % {"children": ", ".join(restored.left_out)},
                messages.WARNING,
            )  # fmt: skip


def revert_reason(version) -> str:
    date = format_date(localtime(version.history_date), "d/m/Y H:i:s")
    return f"Retour à la version du {date}"
