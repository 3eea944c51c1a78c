"""The app reopens the therapist's workspace when it was chosen last; commands do not."""

from __future__ import annotations

from pathlib import Path

import main
from course.paths import (
    DEFAULT_PROFILE,
    START_PROFILE_NAME,
    WORKSPACE_PROFILE,
    remember_start_profile,
    start_profile,
)


def test_remembered_and_forgotten(tmp_path: Path) -> None:
    assert start_profile(tmp_path) == DEFAULT_PROFILE
    remember_start_profile(tmp_path, WORKSPACE_PROFILE)
    assert start_profile(tmp_path) == WORKSPACE_PROFILE
    remember_start_profile(tmp_path, DEFAULT_PROFILE)
    assert not (tmp_path / START_PROFILE_NAME).exists()
    (tmp_path / START_PROFILE_NAME).write_text("../../elsewhere\n", encoding="utf-8")
    assert start_profile(tmp_path) == DEFAULT_PROFILE  # only the two known words count


def test_commands_use_the_learner_profile_unless_told(tmp_path: Path, monkeypatch) -> None:
    remember_start_profile(tmp_path, WORKSPACE_PROFILE)
    seen = []
    monkeypatch.setattr(
        "course.store.cli.run_data_command", lambda args, paths: seen.append(paths.profile) or 0
    )
    assert main.main(["--data-dir", str(tmp_path), "data", "export", str(tmp_path / "x")]) == 0
    assert (
        main.main(["--data-dir", str(tmp_path), "--profile", WORKSPACE_PROFILE, "data", "delete"])
        == 0
    )
    assert seen == [DEFAULT_PROFILE, WORKSPACE_PROFILE]


def test_the_app_opens_the_one_chosen_last(tmp_path: Path, monkeypatch) -> None:
    remember_start_profile(tmp_path, WORKSPACE_PROFILE)
    opened = []
    monkeypatch.setattr(
        "ui.app.run_app", lambda paths, open_file=None, **_kw: opened.append(paths.profile) or 0
    )
    assert main.main(["--data-dir", str(tmp_path)]) == 0
    assert main.main(["--data-dir", str(tmp_path), "--profile", DEFAULT_PROFILE]) == 0
    assert opened == [WORKSPACE_PROFILE, DEFAULT_PROFILE]
