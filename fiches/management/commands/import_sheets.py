"""python manage.py import_sheets PATH… — imports sheet dumps and prints what each file did;
exits in error, once every file has its report, if any file was refused."""

from django.core.management.base import BaseCommand, CommandError

from core.publication import PublicationState
from fiches.importing import FileReport, import_paths


class Command(BaseCommand):
    help = (
        "Importe des dumps de fiches (fichiers ou dossiers) : fiches actions de l'observatoire "
        "et fiches projets. Chaque fichier est importé en une transaction : un fichier en "
        "erreur n'écrit rien."
    )

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

    def handle(self, *args, paths, dry_run, publication_state, **options):
        reports = import_paths(paths=paths, dry_run=dry_run, publication_state=publication_state)
        for report in reports:
            self.print_report(report)
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
