from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load demo data (placeholder until the demo loader lands)."

    def handle(self, *args, **options):
        self.stdout.write("no demo yet")
