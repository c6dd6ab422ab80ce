"""Showing matches: a passage of each sheet found, its matched words in ``<mark>``.

Highlighting works the same way on both databases: the matched words are framed with
private-use markers (by PostgreSQL's ``ts_headline``, see ``backends``, or by :func:`excerpt`),
then :func:`highlight` escapes the text and only then turns the markers into ``<mark>``:
stored text never reaches the page as HTML.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from parsing.action_sheet import EXCERPT_FIELDS

from .words import Query, search_words, wanted_words

# Frame the matched words in a passage; private-use characters no sheet contains.
START_MARK, STOP_MARK = "\ue000", "\ue001"
# A passage's length, in words.
EXCERPT_WORDS = 35

_WORD = re.compile(r"\w+")


def excerpt(action, query: Query) -> str:
    """A passage of the sheet around the first word of ``query`` it holds, matched words
    between markers; the start of the summary when the query is empty or found nowhere."""
    wanted = wanted_words(query)
    texts = [text for text in (getattr(action, name) for name in EXCERPT_FIELDS) if text]
    if not texts:
        return ""
    if wanted:
        for text in texts:
            words = list(_WORD.finditer(text))
            hits = [index for index, word in enumerate(words) if _matches(word.group(), wanted)]
            if hits:
                return _marked_window(text, words, hits[0], wanted)
    return Truncator(" ".join(texts[0].split())).words(EXCERPT_WORDS, truncate=" …")


def _matches(word: str, wanted: set[str]) -> bool:
    return any(part in wanted for part in search_words(word))


def _marked_window(text: str, words: list[re.Match], first_hit: int, wanted: set[str]) -> str:
    low = max(0, first_hit - 8)
    high = min(len(words), low + EXCERPT_WORDS)
    pieces, cursor = [], words[low].start()
    for word in words[low:high]:
        pieces.append(text[cursor : word.start()])
        if _matches(word.group(), wanted):
            pieces.append(f"{START_MARK}{word.group()}{STOP_MARK}")
        else:
            pieces.append(word.group())
        cursor = word.end()
    passage = " ".join("".join(pieces).split())
    return ("… " if low else "") + passage + (" …" if high < len(words) else "")


def highlight(marked: str) -> SafeString:
    """HTML for text whose matched words are between markers: the text escaped first, then
    the markers (and only well-paired ones) turned into ``<mark>``."""
    html, inside = [], False
    for part in re.split(f"({START_MARK}|{STOP_MARK})", marked):
        if part == START_MARK:
            if not inside:
                html.append("<mark>")
            inside = True
        elif part == STOP_MARK:
            if inside:
                html.append("</mark>")
            inside = False
        else:
            html.append(escape(part))
    if inside:
        html.append("</mark>")
    return mark_safe("".join(html))  # every piece of stored text went through escape()
