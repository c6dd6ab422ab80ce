"""``python manage.py partner_campaign [--centre SLUG] [--dry-run]``: sends every partner
(of one centre) its personal update link; the service is the admin's (``directory.campaigns``)."""

from django.core.management.base import BaseCommand, CommandError

from centres.models import Centre
from directory.campaigns import start_campaign


class Command(BaseCommand):
    help = "Lance la mise à jour annuelle de l'annuaire : un lien personnel par partenaire."

    def add_arguments(self, parser):
        parser.add_argument("--centre", help="l'identifiant d'URL du centre (tous sinon)")
        parser.add_argument("--dry-run", action="store_true", help="dit ce qui serait fait")
        parser.add_argument("--reminder-days", type=int, help="relance après N jours")
        parser.add_argument("--validity-days", type=int, help="validité des liens en jours")

    def handle(self, *args, centre=None, dry_run=False, reminder_days=None, validity_days=None,
               **options):  # fmt: skip
        chosen = None
        if centre:
            chosen = Centre.objects.filter(slug=centre).first()
            if chosen is None:
                raise CommandError(f"Aucun centre n'a l'identifiant « {centre} ».")
        report = start_campaign(
            centre=chosen,
            dry_run=dry_run,
            reminder_delay_days=reminder_days,
            link_validity_days=validity_days,
        )
        verb = "recevrait" if dry_run else "a reçu"
        for partner in report.sent:
            self.stdout.write(f"{partner.name} {verb} son lien ({partner.email})")
        for partner in report.without_email:
            self.stdout.write(f"{partner.name} : pas de courriel, à relancer")
        for partner in report.failed:
            self.stderr.write(f"{partner.name} : envoi impossible ({partner.email})")
        prefix = "Simulation : rien n'a été envoyé. " if dry_run else ""
        self.stdout.write(
            f"{prefix}{len(report.sent)} lien(s), {len(report.without_email)} partenaire(s) "
            f"sans courriel, {len(report.failed)} échec(s)."
        )
        if report.failed:
            raise CommandError("Des liens n'ont pas pu être envoyés.")
