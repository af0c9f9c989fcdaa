from __future__ import annotations

import stat
from pathlib import Path

from config.settings import persisted_secret_key


def test_an_install_without_a_configured_key_makes_its_own_once(tmp_path: Path) -> None:
    # given no key file yet
    path = tmp_path / "data" / "secret_key"
    # when the settings ask twice (a web process, then a worker)
    first = persisted_secret_key(path)
    second = persisted_secret_key(path)
    # then both get the same long random key, readable by the owner only
    assert first == second
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_two_installs_get_different_keys(tmp_path: Path) -> None:
    assert persisted_secret_key(tmp_path / "a") != persisted_secret_key(tmp_path / "b")
