"""Reading rendered pages as a visitor would."""

import re
from html import unescape


def text_of(response) -> str:
    """The page's text, tags and runs of blanks removed, to look for what a reader sees."""
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
