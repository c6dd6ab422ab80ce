"""``python manage.py partner_campaign_reminders [--dry-run]``: reminds, once, the partners who
have not answered their campaign's link within its delay. Run it daily (cron): a second run
reminds nobody twice."""

from django.core.management.base import BaseCommand

from directory.campaigns import send_reminders


class Command(BaseCommand):
    help = "Relance une fois les partenaires qui n'ont pas répondu à leur lien de mise à jour."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="dit qui serait relancé")

    def handle(self, *args, dry_run=False, **options):
        reminded = send_reminders(dry_run=dry_run)
        for invitation in reminded:
            self.stdout.write(f"{invitation.partner.name} ({invitation.email})")
        prefix = "Simulation : " if dry_run else ""
        self.stdout.write(f"{prefix}{len(reminded)} relance(s).")
