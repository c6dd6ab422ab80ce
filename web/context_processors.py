"""What every public page says about who publishes the site (the footer, the legal pages),
and the catalogue's spellings its titles are shown with."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from fiches.spellings import catalogue_spellings


@dataclass(frozen=True)
class Publisher:
    name: str
    contact_email: str
    licence_name: str
    licence_url: str


def publisher(request) -> dict[str, Publisher]:
    return {
        "publisher": Publisher(
            name=settings.PUBLISHER_NAME,
            contact_email=settings.PUBLISHER_CONTACT_EMAIL,
            licence_name=settings.DATA_LICENCE_NAME,
            licence_url=settings.DATA_LICENCE_URL,
        )
    }


def spellings(request) -> dict[str, SimpleLazyObject]:
    """The catalogue's accented spellings (``display_title``'s argument), read at most once
    a page and only when a title written in capitals needs them."""
    return {"catalogue_spellings": SimpleLazyObject(catalogue_spellings)}
