"""The one exception the engine raises for input it cannot work with."""

from __future__ import annotations


class MatchingInputError(ValueError):
    """Input that cannot be matched as given; the message names the field and the offending id.

    A cohort that is valid but cannot be fully matched is not an error: it comes back as a
    `MatchResult` whose `infeasibilities` say why.
    """
