"""The public pages' way into the workspace, for the people who may edit there."""

from django import template
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_edit_url(context, record) -> str:
    """The workspace's form of ``record`` when the signed-in person may change it there,
    by the admin's own rule (its permissions and the centre scope), else "". Anonymous
    visitors, whose pages ``core.page_cache`` keeps whole, never get it: a signed-in
    person's page is never kept (it has a session cookie)."""
    request = context.get("request")
    if request is None or not request.user.is_staff:
        return ""
    model_admin = admin.site._registry.get(type(record))
    if model_admin is None or not model_admin.has_change_permission(request, record):
        return ""
    return reverse(admin_urlname(record._meta, "change"), args=[record.pk])
