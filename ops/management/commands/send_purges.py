"""Send the cache purges changes recorded (ops.purges): the purge worker of production."""

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from ops import purges


class Command(BaseCommand):
    help = (
        "Send the recorded cache purges to every process's cache and to the caching proxy, "
        "retrying failures; runs until stopped (deploy/portal-purges.service)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Send what is due now and exit.")
        parser.add_argument("--interval", type=float, default=2.0,
                            help="Seconds between looks when no change wakes the worker.")
        parser.add_argument("--report", action="store_true",
                            help="Print how many purges are pending, sent and failed.")
        parser.add_argument("--retry-failed", action="store_true",
                            help="Make the failed purges pending again, then send.")

    def handle(self, *args, once=False, interval=2.0, report=False, retry_failed=False,
               **options):
        from ops.models import Purge

        if report:
            found = purges.report()
            for state in Purge.State.values:  # the states' names, for scripts and alerts
                self.stdout.write(f"{state}: {found['counts'].get(state, 0)}")
            if found["oldest_pending"]:
                self.stdout.write(f"oldest pending: {found['oldest_pending']:%Y-%m-%d %H:%M:%S}")
            return
        if retry_failed:
            Purge.objects.filter(state=Purge.State.FAILED).update(
                state=Purge.State.PENDING, attempts=0, next_attempt_at=timezone.now())
        if once:
            sent, failed = purges.run_due()
            self.stdout.write(f"Sent {sent}, failed {failed}.")
            return
        purges.wait_for_work(0)  # listening before the first look: no change slips between
        while True:
            close_old_connections()
            purges.run_due()
            purges.wait_for_work(interval)
