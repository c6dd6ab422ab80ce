"""The login throttling's records in the workspace (``core.login_throttling``): the failed
attempts, which coordinators delete to unlock a login, and the successful logins."""

from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

admin.site.register(AccessLog, AccessLogAdmin)


@admin.register(AccessAttempt)
class LoginAttemptAdmin(AccessAttemptAdmin):
    """Axes' list of failed attempts, with « Débloquer »: a login is locked out while its
    failures are counted, so deleting them unlocks it at once, without a confirmation page."""

    actions = [*AccessAttemptAdmin.actions, "unlock"]

    @admin.action(
        description=_("Débloquer : effacer les échecs sélectionnés"), permissions=["delete"]
    )
    def unlock(self, request, queryset):
        count = queryset.count()
        queryset.delete()
        self.message_user(
            request,
            ngettext(
                "%(count)d tentative effacée : la connexion est débloquée.",
                "%(count)d tentatives effacées : les connexions sont débloquées.",
                count,
            )
            % {"count": count},
        )
