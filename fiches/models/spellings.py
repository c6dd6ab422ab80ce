"""How often each run of letters holding accents occurs in the sheets' titles and summaries:
what the catalogue's spellings are counted from (``fiches.spellings``)."""

from django.db import models


class AccentedRunCount(models.Model):
    """A run of letters holding an accent ("fête", "activités,") and how many times the
    sheets' titles and summaries hold it. PostgreSQL's triggers keep the counts in the
    writing statement (``fiches.spellings.install_spelling_counts``), so that the spellings
    are read from a few thousand rows rather than counted again from every sheet after each
    edit. SQLite does not keep them: the embedded catalogue is counted whole, as it is small."""

    run = models.TextField(primary_key=True)
    times = models.IntegerField()

    # Derived from the sheets, written with them: not the catalogue's content of its own.
    catalogue_content = False

    class Meta:
        verbose_name = "nombre d'occurrences d'une graphie accentuée"

    def __str__(self) -> str:
        return f"{self.run} ({self.times})"
