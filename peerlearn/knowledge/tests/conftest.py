from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    # Uploaded attachments go to a throwaway folder, never the demo's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
