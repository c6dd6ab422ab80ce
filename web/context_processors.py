"""What every public page says about who publishes the site (the footer, the legal pages)."""

from dataclasses import dataclass

from django.conf import settings


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
