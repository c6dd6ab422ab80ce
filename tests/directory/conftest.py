import re

import pytest
from django.core import mail

LINK = re.compile(r"https?://[^/\s]+(/partenaires/[^\s]+/mise-a-jour/[^\s]+/)")


def link_in(message) -> str:
    """The path of the update link an email carries."""
    return LINK.search(message.body).group(1)


@pytest.fixture
def outbox():
    return mail.outbox
