"""What a search reads: each sheet's search document and the catalogue's lexicon.

Models of the ``fiches`` app (``fiches.models`` imports them, so that Django registers them
there), declared here with the code that writes and reads them; they name the sheet by its
label, so that the search package never imports the sheets' models.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .lexicon import WORD_MAX_LENGTH

# A sheet's search document, from the sheet's side (``Action.search_document``).
DOCUMENT = "search_document"
# The parts of a sheet's text in its document, the heaviest first (``documents``).
WEIGHTS = "ABCD"


class ActionSearch(models.Model):
    """An action's search document (see ``fiches.search``), kept apart from the action's
    row: a search reads the document of every sheet it matches, which is fast in a table of
    documents alone, and nothing else has to carry the documents. Written only by
    :func:`fiches.search.refresh_search_fields`.

    On PostgreSQL, ``vector`` is the weighted French ``tsvector``, stored compressed in the
    row rather than out of line (migration ``fiches/0007``) and GIN-indexed; on both
    databases ``text`` is the sheet's words lower-cased and without accents, for plain-word
    matching and, on PostgreSQL, trigram typo tolerance."""

    action = models.OneToOneField(
        "fiches.Action",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name=DOCUMENT,
        verbose_name=_("fiche action"),
    )
    vector = SearchVectorField(null=True)
    text = models.TextField(blank=True)

    class Meta:
        app_label = "fiches"
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")

    def __str__(self) -> str:
        return str(self.action_id)


class SearchWord(models.Model):
    """A word that some sheet's search document holds, as ``fiches.search.words.search_words``
    writes it: the catalogue's lexicon, where a query word that matches nothing finds the
    words it may be a typo of. A few tens of thousands of short rows, trigram-indexed on
    PostgreSQL (migration ``fiches/0009``): much faster to search than every document's text.
    Written by :func:`fiches.search.documents.store_words`; a word no sheet holds any more
    stays, and then finds nothing."""

    word = models.CharField(_("mot"), max_length=WORD_MAX_LENGTH, unique=True)

    class Meta:
        app_label = "fiches"
        verbose_name = _("mot du lexique")
        verbose_name_plural = _("mots du lexique")

    def __str__(self) -> str:
        return self.word
