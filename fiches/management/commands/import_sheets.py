"""python manage.py import_sheets PATH… — imports sheet dumps and prints what each file did;
exits in error, once every file has its report, if any file was refused."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.publication import PublicationState
from fiches.importing import FileReport, imported_files

# An import is a batch job: run as a process of its own, it lets the pages being served have
# the processor first and takes what they leave (the highest niceness). In the bench at
# 100,000 sheets, with readers keeping both cores busy, a 1,000-sheet file imported at the
# default priority took the list's p99 from 4 to 134 ms; at this one, to 14 ms, the import
# taking 22-37 s rather than 3-5. On an idle machine it runs as fast as before.
HIGHEST_NICENESS = 19  # as nice(1) counts it: 0 changes nothing
BATCH_NICENESS = HIGHEST_NICENESS
# Linux's autogroups: processes of different sessions share the processor by session first,
# and a process's niceness only weighs against the processes of its own session.
AUTOGROUP = Path("/proc/self/autogroup")


def yield_the_processor(niceness: int) -> None:
    """Lowers this process's priority on the processor by ``niceness`` (as ``nice`` does);
    and, when it leads a session of its own (started by cron, ``systemd-run``, ``setsid``),
    that session's too, without which the niceness would not weigh against the server's."""
    os.nice(niceness)
    # Led by another process (a terminal's shell), the session is not the import's to lower.
    if os.getsid(0) == os.getpid():
        try:
            AUTOGROUP.write_text(str(niceness))
        except OSError:  # not Linux, or a kernel without autogroups
            pass


class Command(BaseCommand):
    help = (
        "Importe des dumps de fiches (fichiers ou dossiers) : fiches actions de l'observatoire "
        "et fiches projets. Chaque fichier est importé en une transaction : un fichier en "
        "erreur n'écrit rien."
    )

    # Set when run as a process of its own (``manage.py``), not called by other code.
    own_process = False

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="fichier ou dossier")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="affiche le même rapport sans rien écrire",
        )
        parser.add_argument(
            "--publication-state",
            choices=PublicationState.values,
            default=None,
            help=(
                "état de publication des fiches créées ; par défaut « publiee » pour un dump "
                "de l'observatoire, « brouillon » sinon"
            ),
        )
        parser.add_argument(
            "--nice",
            type=int,
            default=BATCH_NICENESS,
            metavar="N",
            help=(
                f"priorité cédée sur le processeur, de 0 à {HIGHEST_NICENESS} comme pour "
                "nice (par défaut "
                f"{BATCH_NICENESS} : l'import laisse le processeur aux pages servies et prend "
                "ce qu'elles laissent ; 0 : la priorité de qui lance la commande)"
            ),
        )

    def run_from_argv(self, argv):
        self.own_process = True
        super().run_from_argv(argv)

    def handle(self, *args, paths, dry_run, publication_state, nice, **options):
        if not 0 <= nice <= HIGHEST_NICENESS:
            raise CommandError(f"--nice : {nice} n'est pas entre 0 et {HIGHEST_NICENESS}.")
        # Called from other code, the command leaves its caller's priority alone.
        if self.own_process and nice:
            yield_the_processor(nice)
        reports = []
        # Each file's report as soon as it is written: a folder takes minutes.
        for report in imported_files(
            paths=paths, dry_run=dry_run, publication_state=publication_state
        ):
            self.print_report(report)
            reports.append(report)
        failed = [report for report in reports if not report.ok]
        if failed:
            raise CommandError(
                f"{len(failed)} fichier(s) refusé(s) sur {len(reports)} : rien n'a été écrit "
                "pour ces fichiers."
            )

    def print_report(self, report: FileReport) -> None:
        prefix = "[simulation] " if report.dry_run else ""
        if not report.ok:
            read = f" (encodé en {report.encoding})" if report.encoding else ""
            self.stderr.write(self.style.ERROR(f"{prefix}{report.path}{read} : refusé"))
            self.stderr.write(f"  erreur : {report.error}")
            return
        if report.changed_nothing:
            # Read again as stored: its warnings were said when it was first imported.
            self.stdout.write(
                f"{prefix}{report.path} : déjà importé, inchangé ({report.sheets_read} "
                "fiche(s) lue(s))"
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.path} ({report.format_label}, encodé en {report.encoding})"
            )
        )
        figures = [
            f"fiches lues : {report.sheets_read}",
            f"créées : {report.created}",
            f"mises à jour : {report.updated}",
            f"inchangées : {report.unchanged}",
            f"doublons ignorés : {report.duplicates}",
            f"conflits : {len(report.conflicts)}",
            f"avertissements : {len(report.warnings)}",
        ]
        self.stdout.write("  " + " · ".join(figures))
        if report.centres_created or report.partners_created or report.partners_updated:
            self.stdout.write(
                f"  centres créés : {report.centres_created} · partenaires créés : "
                f"{report.partners_created} · partenaires mis à jour : {report.partners_updated}"
            )
        for draft in report.kept_as_drafts:
            self.stdout.write(self.style.WARNING(f"  en brouillon : {draft}"))
        for conflict in report.conflicts:
            self.stdout.write(self.style.WARNING(f"  conflit : {conflict}"))
        for warning in report.warnings:
            self.stdout.write(f"  avertissement : {warning}")
