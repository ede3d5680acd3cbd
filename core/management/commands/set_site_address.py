"""Sets the address (hostname and port) of the default site: every absolute URL the portal
hands out starts with it (core.site_root). ``make run`` sets the address it serves; production
sets its domain with port 443 (docs/deploy.md). Editors can change it in Settings → Sites."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = ("Set the default site's hostname and port, e.g. 127.0.0.1:8000 or "
            "memorial.example:443 (443 means https://). Absolute URLs start with it.")

    def add_arguments(self, parser):
        parser.add_argument("address", help="HOSTNAME[:PORT]; the port defaults to 80")

    def handle(self, *args, address, **options):
        hostname, _, port = address.strip().rpartition(":") if ":" in address else (
            address.strip(), "", "80")
        if not hostname or not port.isdigit() or not 0 < int(port) < 65536:
            raise CommandError(f"Not an address: {address!r} (HOSTNAME[:PORT] expected).")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet: load the content first.")
        if Site.objects.filter(hostname=hostname, port=int(port)).exclude(pk=site.pk).exists():
            raise CommandError(f"Another site already has the address {hostname}:{port}.")
        if (site.hostname, site.port) != (hostname, int(port)):
            site.hostname, site.port = hostname, int(port)
            site.save()
        self.stdout.write(f"The site's root URL is {site.root_url}")
