"""Backups, rotation, recovery from a damaged file, export, delete, and the data command."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from store_helpers import COURSE, FakeClock, raw_rows

import main
from course.paths import DataPaths
from course.store import (
    StoreCorrupt,
    delete_all_data,
    list_backups,
    open_store,
    restore_backup,
)
from course.store.backup import backup_name, backups_to_keep


def test_one_backup_a_day_made_at_open_named_by_date(data_paths: DataPaths) -> None:
    clock = FakeClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    open_store(data_paths, clock=clock).close()
    assert list_backups(data_paths) == []  # a brand-new store has nothing to back up
    with open_store(data_paths, clock=clock) as store:
        store.set_setting("n", 1)
    clock.advance(hours=3)
    open_store(data_paths, clock=clock).close()
    assert [b.name for b in list_backups(data_paths)] == ["progress-2026-03-02.db"]
    clock.advance(days=1)
    open_store(data_paths, clock=clock).close()
    backups = list_backups(data_paths)
    assert [b.name for b in backups] == ["progress-2026-03-03.db", "progress-2026-03-02.db"]
    assert backups[0].made_on == dt.date(2026, 3, 3) and backups[0].size > 0
    assert raw_rows(backups[0].path, "SELECT value_json FROM settings") == [("1",)]
    assert raw_rows(backups[0].path, "PRAGMA integrity_check") == [("ok",)]


def test_rotation_keeps_seven_days_and_four_weeks() -> None:
    start = dt.date(2026, 1, 1)
    names = [backup_name(start + dt.timedelta(days=n)) for n in range(60)]
    names += [backup_name(dt.date(2026, 1, d), "before-upgrade") for d in (3, 9, 20)]
    keep = backups_to_keep(names)
    newest = start + dt.timedelta(days=59)  # 1 March 2026, a Sunday
    daily = {backup_name(newest - dt.timedelta(days=n)) for n in range(7)}
    assert daily <= keep
    weekly = keep - daily - {n for n in keep if "upgrade" in n}
    # the newest of each of the four newest weeks; the current week's newest is a daily one
    assert sorted(weekly) == [
        "progress-2026-02-08.db",
        "progress-2026-02-15.db",
        "progress-2026-02-22.db",
    ]
    assert {n for n in keep if "upgrade" in n} == {
        "progress-2026-01-09-before-upgrade.db",
        "progress-2026-01-20-before-upgrade.db",
    }


def test_rotation_deletes_old_backups(data_paths: DataPaths) -> None:
    clock = FakeClock(dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC))
    open_store(data_paths, clock=clock).close()
    for _ in range(40):
        clock.advance(days=1)
        open_store(data_paths, clock=clock).close()
    names = [b.name for b in list_backups(data_paths)]
    assert len(names) <= 7 + 4
    assert names[0] == "progress-2026-02-10.db"
    assert not [p for p in data_paths.backups.iterdir() if p.name.endswith(".tmp")]


def test_restore_a_backup(data_paths: DataPaths) -> None:
    clock = FakeClock()
    with open_store(data_paths, clock=clock) as store:
        store.save_reflection(COURSE, "guilt", "reflect", "r1", "Monday's words.")
    clock.advance(days=1)
    with open_store(data_paths, clock=clock) as store:
        store.save_reflection(COURSE, "guilt", "reflect", "r1", "Tuesday, rewritten entirely.")
        (backup,) = store.list_backups()
        store.restore_backup(backup.name)
        assert store.reflection_text(COURSE.id, "reflect", "r1") == "Monday's words."
        store.set_setting("still", "works")
    aside = [p.name for p in data_paths.profile_dir.glob("progress.replaced-*.db")]
    assert len(aside) == 1  # the current file was moved aside, not overwritten
    assert raw_rows(data_paths.profile_dir / aside[0], "SELECT text FROM reflections") == [
        ("Tuesday, rewritten entirely.",)
    ]
    with pytest.raises(Exception, match="could not be found"):
        restore_backup(data_paths, "../progress.db")


def test_restore_an_encrypted_backup_after_the_passphrase_changed(data_paths: DataPaths) -> None:
    clock = FakeClock()
    with open_store(data_paths, "first words", clock=clock) as store:
        store.set_setting("day", 1)
    clock.advance(days=1)
    with open_store(data_paths, "first words", clock=clock) as store:
        store.set_setting("day", 2)
        store.change_passphrase("first words", "second words")
        store.restore_backup(store.list_backups()[0].name)
        assert store.get_setting("day") == 1
    with open_store(data_paths, "second words", clock=clock) as store:
        assert store.get_setting("day") == 1


def _damaged_store_with_backups(data_paths: DataPaths, clock: FakeClock) -> None:
    for day in range(3):
        with open_store(data_paths, clock=clock) as store:
            store.set_setting("day", day)
        clock.advance(days=1)


def test_a_garbage_file_is_moved_aside_and_backups_offered(data_paths: DataPaths) -> None:
    clock = FakeClock()
    _damaged_store_with_backups(data_paths, clock)
    garbage = b"this is not a database at all\n" * 1000
    data_paths.database.write_bytes(garbage)
    with pytest.raises(StoreCorrupt) as caught:
        open_store(data_paths, clock=clock)
    error = caught.value
    assert error.moved_to.read_bytes() == garbage
    assert error.moved_to.parent == data_paths.profile_dir
    assert not data_paths.database.exists()
    assert [b.made_on for b in error.backups] == sorted(
        (b.made_on for b in error.backups), reverse=True
    )
    assert error.backups[0].name == "progress-2026-03-04.db"
    assert "kept, untouched" in str(error) and "restore" in str(error)

    restore_backup(data_paths, error.backups[0].name)
    with open_store(data_paths, clock=clock) as store:
        assert store.get_setting("day") == 1


def test_damage_inside_a_plain_database_is_found(data_paths: DataPaths) -> None:
    clock = FakeClock()
    _damaged_store_with_backups(data_paths, clock)
    with open_store(data_paths, clock=clock) as store:
        for n in range(200):
            store.save_reflection(COURSE, "guilt", "reflect", f"r{n}", "words " * 100)
    content = bytearray(data_paths.database.read_bytes())
    assert content.startswith(b"SQLite format 3\x00")
    content[4096 * 2 : 4096 * 6] = b"\xde\xad\xbe\xef" * 4096  # pages 3-6: garbage
    data_paths.database.write_bytes(bytes(content))
    with pytest.raises(StoreCorrupt) as caught:
        open_store(data_paths, clock=clock)
    assert caught.value.moved_to.read_bytes() == bytes(content)
    # With the damaged file moved aside, the next opening starts afresh.
    with open_store(data_paths, clock=clock) as store:
        assert store.get_setting("day") is None


def test_a_second_damaged_file_does_not_overwrite_the_first(data_paths: DataPaths) -> None:
    clock = FakeClock()
    moved = []
    for text in (b"first garbage " * 400, b"second garbage " * 400):
        data_paths.database.write_bytes(text)
        with pytest.raises(StoreCorrupt) as caught:
            open_store(data_paths, clock=clock)
        moved.append(caught.value.moved_to)
    assert moved[0] != moved[1]
    assert moved[0].read_bytes().startswith(b"first") and moved[1].read_bytes().startswith(
        b"second"
    )
    assert caught.value.backups == ()
    assert "fresh record" in str(caught.value)


# -- export ---------------------------------------------------------------------------------


def test_export_writes_json_and_markdown(data_paths: DataPaths, tmp_path: Path) -> None:
    clock = FakeClock(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC))
    with open_store(data_paths, clock=clock) as store:
        store.visit_lesson(COURSE, "guilt")
        store.add_active_time(COURSE, "guilt", 125)
        store.complete_lesson(COURSE, "guilt")
        attempt = store.start_quiz_attempt(COURSE, "guilt", "guilt-check")
        store.record_answer(attempt, "q1", {1, 0}, 1.0)
        store.record_answer(attempt, "q2", True, 0.0)
        store.finish_quiz_attempt(attempt, question_count=2, pass_ratio=0.7)
        store.save_reflection(COURSE, "guilt", "guilt-reflect", "r1", "First line.\n\nSecond.")
        clock.advance(minutes=2)
        store.save_reflection(COURSE, "guilt", "guilt-reflect", "r1", "Rewritten now.")
        store.record_rating(COURSE, "guilt", "weekly", "calm", 5)
        store.set_setting("text_size", 18)
        store.add_assignment("a-1", '{"therapist": "Sam"}')
        folder = store.export_all(tmp_path / "out")
        second = store.export_all(tmp_path / "out")

    assert folder.parent == tmp_path / "out" and folder.name.startswith("bridgework-export-")
    assert second != folder  # a second export never overwrites the first
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [folder.name, second.name]
    )  # no half-written temporary folder left behind
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    assert data["format"] == "bridgework-export"
    assert data["exported_at"].startswith("2026-03-02T09:32")
    (lesson,) = data["lessons"]
    assert (lesson["lesson_id"], lesson["active_seconds"], lesson["visits"]) == ("guilt", 125, 1)
    (attempt_data,) = data["quiz_attempts"]
    assert attempt_data["score"] == 0.5 and attempt_data["passed"] is False
    assert [a["answer"] for a in attempt_data["answers"]] == [{"set": [0, 1]}, True]
    (reflection,) = data["reflections"]
    assert reflection["text"] == "Rewritten now."
    assert [r["text"] for r in reflection["revisions"]] == [
        "First line.\n\nSecond.",
        "Rewritten now.",
    ]
    assert data["ratings"][0]["value"] == 5
    assert data["settings"] == {"text_size": 18}
    assert data["assignments"][0]["document"] == {"therapist": "Sam"}

    markdown = (folder / "my-bridgework-data.md").read_text(encoding="utf-8")
    assert markdown.startswith("# My Bridgework data")
    assert "> Rewritten now." in markdown and "> First line." in markdown
    assert "| empathy-gap | guilt (guilt-check) | 1 (scored) |" in markdown
    assert "50%" in markdown and "text_size: 18" in markdown
    assert "- a-1 from Sam: imported 2026-03-02" in markdown


def test_export_of_an_empty_store_reads_kindly(data_paths: DataPaths, tmp_path: Path) -> None:
    with open_store(data_paths) as store:
        folder = store.export_all(tmp_path)
    markdown = (folder / "my-bridgework-data.md").read_text(encoding="utf-8")
    assert "No reflections written yet." in markdown


# -- delete and the command line ------------------------------------------------------------


def _populated(data_paths: DataPaths) -> None:
    clock = FakeClock()
    with open_store(data_paths, clock=clock) as store:
        store.save_reflection(COURSE, "guilt", "reflect", "r1", "Private words.")
    clock.advance(days=1)
    open_store(data_paths, clock=clock).close()
    assert list_backups(data_paths)


def test_delete_removes_database_wal_shm_and_backups(data_paths: DataPaths) -> None:
    _populated(data_paths)
    data_paths.database.with_name("progress.db-wal").write_bytes(b"left over")
    data_paths.database.with_name("progress.db-shm").write_bytes(b"left over")
    data_paths.database.with_name("progress.damaged-20260301-000000.db").write_bytes(b"old")
    removed = delete_all_data(data_paths)
    assert data_paths.database in removed
    assert not data_paths.profile_dir.exists() or not any(data_paths.profile_dir.rglob("*"))
    assert list_backups(data_paths) == []


def test_a_file_that_cannot_be_deleted_keeps_none_of_the_others(
    data_paths: DataPaths, monkeypatch
) -> None:
    """One file held open elsewhere (on Windows, by another copy of the app) stopped the
    deletion where it was: whatever came after it in the list stayed on disk."""
    _populated(data_paths)
    data_paths.database.with_name("progress.db-wal").write_bytes(b"left over")
    held = data_paths.database  # the first in the list: before, nothing after it went
    unlink = Path.unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self == held:
            raise PermissionError(13, "held by another program", str(self))
        unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.raises(PermissionError):
        delete_all_data(data_paths)
    left = [p for p in data_paths.root.rglob("*") if p.is_file()]
    assert left == [held]
    assert list_backups(data_paths) == []


def test_delete_removes_the_course_cache_and_keeps_imported_courses(
    data_paths: DataPaths, shipped_course_dir: Path
) -> None:
    """The cache is made from courses only, but shows which were opened: it goes (and is
    made again); an imported course is a course file, not the learner's writing: it stays."""
    from course import course_cache
    from course.search import CourseIndex, index_path

    _populated(data_paths)
    result, _cached = course_cache.load(None, shipped_course_dir)
    course_cache.write(data_paths.cache, shipped_course_dir, result)
    index = CourseIndex(index_path(data_paths.cache))
    assert result.course is not None
    index.refresh([result.course])
    index.close()
    cached = sorted(p.name for p in data_paths.cache.iterdir())
    assert len(cached) >= 3  # the course, its card and the search index
    imported = data_paths.courses / "my-course" / "course.yaml"
    imported.parent.mkdir(parents=True)
    imported.write_text("id: my-course\n", encoding="utf-8")
    other = DataPaths(data_paths.root, "workspace")
    with open_store(other) as store:
        store.add_client("K.")

    removed = delete_all_data(data_paths)
    assert {p.name for p in removed} >= set(cached)
    assert not data_paths.cache.exists()
    assert imported.read_text(encoding="utf-8") == "id: my-course\n"
    with open_store(other) as store:  # another profile is not touched
        assert [c.label for c in store.clients()] == ["K."]
    # The app makes the cache again from the course when it next loads it.
    course_cache.write(data_paths.cache, shipped_course_dir, result)
    assert course_cache.read(data_paths.cache, shipped_course_dir) == result


def test_deleting_the_workspace_forgets_to_start_in_it(data_paths: DataPaths) -> None:
    from course.paths import remember_start_profile, start_profile

    workspace = DataPaths(data_paths.root, "workspace")
    open_store(workspace).close()
    remember_start_profile(data_paths.root, "workspace")
    delete_all_data(data_paths)  # the learner's own data: the choice of profile stays
    assert start_profile(data_paths.root) == "workspace"
    removed = delete_all_data(workspace)
    assert data_paths.root / "start-profile" in removed
    assert start_profile(data_paths.root) == "default"


def test_store_delete_everything(data_paths: DataPaths) -> None:
    _populated(data_paths)
    store = open_store(data_paths)
    store.delete_everything()
    assert store.closed
    assert not data_paths.database.exists() and list_backups(data_paths) == []


def _run(argv: list[str], data_paths: DataPaths) -> int:
    return main.main(["--data-dir", str(data_paths.root), *argv])


def test_data_delete_without_yes_explains_and_keeps_everything(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    _populated(data_paths)
    assert _run(["data", "delete"], data_paths) != 0
    err = capsys.readouterr().err
    assert "--yes" in err and "cannot be undone" in err and "export" in err
    assert data_paths.database.exists() and list_backups(data_paths)


def test_data_delete_with_yes(data_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    _populated(data_paths)
    assert _run(["data", "delete", "--yes"], data_paths) == 0
    assert "gone" in capsys.readouterr().out
    assert not data_paths.database.exists() and list_backups(data_paths) == []
    assert _run(["data", "delete", "--yes"], data_paths) == 0
    assert "nothing to delete" in capsys.readouterr().out


def test_data_delete_with_nothing_saved_still_clears_the_course_cache(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cache shows which courses were opened; the app's Delete removes it, so does the CLI."""
    data_paths.cache.mkdir(parents=True)
    (data_paths.cache / "course-0000abcd.json").write_text("{}", encoding="utf-8")
    assert _run(["data", "delete", "--yes"], data_paths) == 0
    assert "nothing to delete" in capsys.readouterr().out
    assert not data_paths.cache.exists()


def test_data_delete_removes_a_copy_moved_aside_when_no_database_is_left(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    data_paths.profile_dir.mkdir(parents=True, exist_ok=True)
    aside = data_paths.database.with_name(data_paths.database.name + ".damaged-1")
    aside.write_bytes(b"what a damaged store held")
    assert _run(["data", "delete", "--yes"], data_paths) == 0
    assert "gone" in capsys.readouterr().out
    assert not aside.exists()


def test_data_export_command(
    data_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _populated(data_paths)
    assert _run(["data", "export", str(tmp_path / "mine")], data_paths) == 0
    out = capsys.readouterr().out
    (folder,) = (tmp_path / "mine").iterdir()
    assert str(folder) in out
    assert "Private words." in (folder / "my-bridgework-data.md").read_text(encoding="utf-8")


def test_data_export_of_an_encrypted_store(
    data_paths: DataPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with open_store(data_paths, "our words") as store:
        store.set_setting("theme", "dark")
    monkeypatch.delenv("BRIDGEWORK_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", None)  # not a terminal: nobody to ask
    assert _run(["data", "export", str(tmp_path / "a")], data_paths) == 2
    assert "BRIDGEWORK_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("BRIDGEWORK_PASSPHRASE", "our words")
    assert _run(["data", "export", str(tmp_path / "b")], data_paths) == 0
    (folder,) = (tmp_path / "b").iterdir()
    assert json.loads((folder / "data.json").read_text())["settings"] == {"theme": "dark"}


def test_export_names_lessons_and_prompts_from_the_courses_given(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    from course.model import (
        Course,
        Lesson,
        Module,
        PromptType,
        Reflection,
        ReflectPrompt,
        ReflectStep,
    )

    prompt = ReflectPrompt("r1", PromptType.TEXT, "When did shame turn into defensiveness?")
    lesson = Lesson(
        id="guilt",
        title="Shame and guilt",
        path="guilt.md",
        minutes=5,
        steps=(ReflectStep(Reflection("guilt-reflect", (prompt,))),),
    )
    course = Course(
        id=COURSE.id,
        version=COURSE.version,
        title="Bridging the Empathy Gap",
        modules=(Module("shame", "Shame", (lesson,)),),
    )
    with open_store(data_paths) as store:
        store.save_reflection(course, "guilt", "guilt-reflect", "r1", "Yesterday, at dinner.")
        store.save_reflection(COURSE, "gone", "old-reflect", "r9", "From a removed lesson.")
        folder = store.export_all(tmp_path, [course])
    markdown = (folder / "my-bridgework-data.md").read_text(encoding="utf-8")
    assert "### Bridging the Empathy Gap: Shame and guilt" in markdown
    assert "*When did shame turn into defensiveness?*" in markdown
    assert "*old-reflect / r9*" in markdown  # unknown to the courses given: ids instead


def test_a_database_that_is_not_ours_is_moved_aside(data_paths: DataPaths) -> None:
    from course.store.engine import connect

    conn = connect(data_paths.database, None)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreCorrupt) as caught:
        open_store(data_paths)
    assert raw_rows(caught.value.moved_to, "SELECT name FROM sqlite_master") == [("notes",)]
    open_store(data_paths).close()


def test_a_failed_daily_backup_does_not_stop_the_store_opening(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import course.store.backup

    clock = FakeClock()
    open_store(data_paths, clock=clock).close()
    clock.advance(days=1)

    def disk_full(*args: object, **kwargs: object) -> None:
        (data_paths.backups / "progress-2026-03-03.db.tmp").write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(course.store.backup, "make_backup", disk_full)
    with open_store(data_paths, clock=clock) as store:
        store.set_setting("still", "works")
    assert list(data_paths.backups.iterdir()) == []  # no half-written backup left
