"""``manage.py french_plurals``: the catalogue of the interface's French plurals.

The interface is written in French in the code, so it needs no translation, but a message
with a plural (« {{ counter }} partenaire » / « … partenaires ») is chosen by the English rule
when no catalogue holds it: 0 took the plural (« 0 partenaires »). French puts 0 and 1 in the
singular. This command gathers every plural message (``makemessages``), keeps those alone,
each translated as itself, in ``locale/fr/LC_MESSAGES/django.po``, and compiles it
(``msgfmt``, from gettext). Both files are kept in the repository: a fresh clone needs no
gettext. ``tests/core/test_french_plurals.py`` fails when a plural is missing.
"""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, call_command

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
HEADER = """\
# The interface's French plurals: 0 and 1 take the singular (« 0 partenaire »). Made by
# `manage.py french_plurals` (core/management/commands/french_plurals.py); only the plural
# messages are here, each translated as itself.
msgid ""
msgstr ""
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""
IGNORED = [".venv", ".tools", "tests", "staticfiles", "media", "node_modules"]


def _string(entry: list[str], keyword: str) -> list[str]:
    """The lines of ``keyword``'s string in a catalogue entry (a string may span lines)."""
    lines, inside = [], False
    for line in entry:
        if line.startswith(f"{keyword} "):
            inside = True
            lines.append(line.removeprefix(f"{keyword} "))
        elif inside and line.startswith('"'):
            lines.append(line)
        elif inside:
            break
    return lines


def plural_entries(catalogue: str) -> list[str]:
    """Each plural message of a catalogue, translated as itself."""
    entries = []
    for block in catalogue.split("\n\n")[1:]:
        entry = block.strip("\n").split("\n")
        if not any(line.startswith("msgid_plural ") for line in entry):
            continue
        flags = [line for line in entry if line.startswith("#,") and "fuzzy" not in line]
        singular, plural = _string(entry, "msgid"), _string(entry, "msgid_plural")
        lines = [*flags]
        for keyword, text in (
            ("msgid", singular),
            ("msgid_plural", plural),
            ("msgstr[0]", singular),
            ("msgstr[1]", plural),
        ):
            lines += [f"{keyword} {text[0]}", *text[1:]]
        entries.append("\n".join(lines))
    return entries


class Command(BaseCommand):
    help = "Rassemble les messages au pluriel de l'interface et les compile (pluriel français)."

    def handle(self, *args, **options):
        call_command(
            "makemessages", locale=["fr"], ignore_patterns=IGNORED, no_location=True, verbosity=0
        )
        entries = plural_entries(CATALOGUE.read_text(encoding="utf-8"))
        CATALOGUE.write_text(HEADER + "\n" + "\n\n".join(entries) + "\n", encoding="utf-8")
        subprocess.run(
            ["msgfmt", "--check-format", "-o", str(CATALOGUE.with_suffix(".mo")), str(CATALOGUE)],
            check=True,
        )
        self.stdout.write(f"{len(entries)} messages au pluriel dans {CATALOGUE}")
