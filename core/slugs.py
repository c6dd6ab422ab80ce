"""Pages whose slug changes keep their old address: the old slug is remembered
(:class:`~core.models.FormerSlug`) and the page's view answers it with a permanent redirect."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.http import Http404, HttpResponsePermanentRedirect

from .models import FormerSlug


class KeepsFormerSlugs(models.Model):
    """A model with a ``slug`` page: saving it under a new slug remembers the old one."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_slug", None)
        if stored is None or stored == self.slug:
            super().save(*args, **kwargs)
        else:
            using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
            with transaction.atomic(using=using):
                super().save(*args, **kwargs)
                remember_slug_change(self, stored)
        self._stored_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_slug = instance.__dict__.get("slug")
        return instance


def remember_slug_change(instance, former_slug: str | None) -> None:
    """``instance`` now has its slug: its former one (if any) redirects to it, and the
    current one is no longer a former one (a slug given back)."""
    content_type = ContentType.objects.db_manager(instance._state.db).get_for_model(instance)
    former = FormerSlug.objects.using(instance._state.db)
    former.filter(content_type=content_type, slug=instance.slug).delete()
    if former_slug:
        former.update_or_create(
            content_type=content_type, slug=former_slug, defaults={"object_id": instance.pk}
        )


class RedirectsFormerSlugMixin:
    """A detail view that answers a page's former slug with a 301 to its current address
    (when the visitor may see the page; else the 404 stands)."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            target = self._object_of_former_slug()
            if target is None:
                raise
            return HttpResponsePermanentRedirect(target.get_absolute_url())

    def _object_of_former_slug(self):
        return object_of_former_slug(self.get_queryset(), self.kwargs["slug"])


def object_of_former_slug(queryset, slug: str):
    """The row of ``queryset`` that ``slug`` named before its title changed, or None."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    object_id = (
        FormerSlug.objects.filter(content_type=content_type, slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    return None if object_id is None else queryset.filter(pk=object_id).first()
