from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the regulations' catalogs (placeholder until the rules loader lands)."

    def handle(self, *args, **options):
        self.stdout.write("no rules yet")
