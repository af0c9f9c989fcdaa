"""Background jobs of onboarding."""

from __future__ import annotations

from django.conf import settings

from peerlearn.jobs.retries import job
from peerlearn.jobs.schedules import Every, periodic
from peerlearn.onboarding.services import onboarding_start_for_new_hires


@periodic(name="onboarding.start_for_new_hires", schedule=Every(minutes=15))
@job()
def start_onboarding_for_new_hires(*, slot: str = "") -> int:
    """Give every recent hire without a plan their onboarding: the CSV import, SCIM or the
    admin pages add people; this makes sure each new starter is welcomed, whatever the way."""
    if not settings.PEERLEARN_ONBOARDING_AUTO_START:
        return 0
    return onboarding_start_for_new_hires(
        within_days=int(settings.PEERLEARN_ONBOARDING_NEW_HIRE_DAYS)
    )
