"""Matching's background job: runs of large cohorts, with progress the preview page polls."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError

from peerlearn.jobs.retries import job
from peerlearn.matching.models import MatchingRound, RoundStatus

logger = logging.getLogger("peerlearn.matching")


@job(max_attempts=3)
def run_round(*, round_id: str, version: int) -> str:
    """Propose pairs for a round; skipped when the round changed since it was queued (the
    change queued a newer run) or was published meanwhile."""
    from peerlearn.matching.services import progress_writer, round_run

    matching_round = MatchingRound.objects.filter(pk=round_id).first()
    if matching_round is None:
        return "round gone"
    if matching_round.config_version != version or matching_round.status != RoundStatus.DRAFT:
        return "out of date"
    try:
        report = round_run(matching_round=matching_round, progress=progress_writer(matching_round))
    except ValidationError as error:
        # The configuration no longer fits the organisation: retrying cannot help; the
        # round shows the reason (round_run stored it).
        logger.info("Matching round %s could not run: %s", round_id, error.messages)
        return "refused"
    return f"{'stored' if report.stored else 'superseded'} in {report.seconds:.2f}s"
