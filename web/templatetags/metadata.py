"""What a public page tells search engines and link previews about itself: its canonical
address, and for a sheet its Open Graph properties and schema.org description."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# What could end the script element or open a comment: JSON escapes for them keep the data
# a string (as Django's ``json_script`` does).
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without its filters, which only narrow a list (a filtered list is
    not a page of its own for a search engine), but with its page number."""
    request = context["request"]
    page = request.GET.get("page", "")
    query = f"?page={page}" if page.isdigit() and page != "1" else ""
    return request.build_absolute_uri(request.path + query)


@register.simple_tag(takes_context=True)
def action_structured_data(context, action):
    """The sheet as schema.org data (JSON-LD). A ``<script type="application/ld+json">`` is
    data the browser never runs: the Content-Security-Policy's script-src does not apply."""
    request = context["request"]
    centre = action.centre
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": action.title,
        "description": action.summary,
        "url": request.build_absolute_uri(action.get_absolute_url()),
        "inLanguage": "fr",
        "dateCreated": action.created_at.isoformat(),
        "dateModified": action.updated_at.isoformat(),
        "keywords": [keyword.name for keyword in action.keywords.all()],
        "audience": [
            {"@type": "Audience", "audienceType": public.name} for public in action.publics.all()
        ],
        "author": {
            "@type": "Organization",
            "name": centre.display_name,
            "url": request.build_absolute_uri(centre.get_absolute_url()),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": centre.commune,
                "addressRegion": centre.departement,
                "addressCountry": "FR",
            },
        },
        "publisher": {"@type": "Organization", "name": settings.PUBLISHER_NAME},
        "license": settings.DATA_LICENCE_URL,
        "isAccessibleForFree": True,
    }
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
