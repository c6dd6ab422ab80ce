"""Who recorded a person's consent to publication: whoever enters its date in the workspace,
on the record itself (a project sheet's lead) or on the rows of its inlines (a partner's
contact persons). One rule for every named person (``centres.contact_persons``)."""

from .contact_persons import PublicationConsent


class ConsentRecordingAdminMixin:
    def save_model(self, request, obj, form, change):
        if isinstance(obj, PublicationConsent):
            obj.record_consent_recorder(request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.model, PublicationConsent):
            return super().save_formset(request, form, formset, change)
        for instance in formset.save(commit=False):
            instance.record_consent_recorder(request.user)
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()
        return None
