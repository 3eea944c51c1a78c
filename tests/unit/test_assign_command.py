"""`python main.py assign`: writes a readable assignment, or says plainly what is wrong."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

import course.assign_command as assign_command
import main
from course.assign_command import courses_by_id, run_assign
from course.assignments import FILE_SUFFIX, ItemKind, read_assignment
from course.loader import load_course
from course.model import Course

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def course(shipped_course_dir_module: Path) -> Course:
    result = load_course(shipped_course_dir_module)
    assert result.course is not None
    return result.course


@pytest.fixture(scope="module")
def shipped_course_dir_module() -> Path:
    return Path(__file__).resolve().parents[2] / "content" / "empathy-gap"


def _run(argv: list[str], courses: dict[str, Course]) -> tuple[int, str, str]:
    args = main.build_parser().parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = run_assign(args, courses, today=TODAY, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_writes_an_assignment_the_client_can_read(course: Course, tmp_path: Path) -> None:
    target = tmp_path / "for-j.json"
    code, out, err = _run(
        [
            "assign",
            "--course",
            course.id,
            "--modules",
            "shame,denial",
            "--lessons",
            "naming-feelings",
            "--due",
            "2026-12-20",
            "--note",
            "Take your time.",
            "--pass-mark",
            "80%",
            "--therapist",
            "Sam Rivera",
            "--client",
            "J.",
            "-o",
            str(target),
        ],
        {course.id: course},
    )
    assert code == 0, err
    assert err == ""
    assert str(target) in out
    assert "2 modules and 1 lesson" in out
    assignment = read_assignment(target, today=TODAY)
    assert [(i.kind, i.id) for i in assignment.items] == [
        (ItemKind.MODULE, "shame"),
        (ItemKind.MODULE, "denial"),
        (ItemKind.LESSON, "naming-feelings"),
    ]
    assert {i.due for i in assignment.items} == {dt.date(2026, 12, 20)}
    assert {i.pass_mark for i in assignment.items} == {0.8}
    assert assignment.therapist == "Sam Rivera"
    assert assignment.client_label == "J."
    assert assignment.note == "Take your time."
    assert assignment.course_version == course.version
    # No temp file is left beside it.
    assert [p.name for p in tmp_path.iterdir()] == ["for-j.json"]


def test_a_folder_as_output_gets_a_descriptive_name(course: Course, tmp_path: Path) -> None:
    code, out, _ = _run(
        ["assign", "--course", course.id, "--lessons", "the-mirror", "-o", str(tmp_path)],
        {course.id: course},
    )
    assert code == 0
    written = list(tmp_path.iterdir())
    assert len(written) == 1 and written[0].name.endswith(FILE_SUFFIX)
    assert "--therapist NAME" in out  # the default sender is pointed out, not hidden


def test_unknown_course_lists_what_is_installed(course: Course, tmp_path: Path) -> None:
    code, out, err = _run(
        ["assign", "--course", "nope", "--modules", "shame", "-o", str(tmp_path / "a.json")],
        {course.id: course},
    )
    assert code == 1
    assert "no installed course has the id 'nope'" in err and course.id in err
    assert out == "" and not (tmp_path / "a.json").exists()


def test_unknown_module_is_named(course: Course, tmp_path: Path) -> None:
    code, _, err = _run(
        ["assign", "--course", course.id, "--modules", "shame,shamee", "-o", str(tmp_path / "a")],
        {course.id: course},
    )
    assert code == 1
    assert "'shamee'" in err
    assert list(tmp_path.iterdir()) == []


def test_past_due_date_is_refused(course: Course, tmp_path: Path) -> None:
    code, _, err = _run(
        [
            "assign",
            "--course",
            course.id,
            "--modules",
            "shame",
            "--due",
            "2026-01-01",
            "-o",
            str(tmp_path / "a.json"),
        ],
        {course.id: course},
    )
    assert code == 1
    assert "before today" in err


def test_nothing_to_assign_is_a_usage_problem(course: Course, tmp_path: Path) -> None:
    code, _, err = _run(
        ["assign", "--course", course.id, "-o", str(tmp_path / "a.json")], {course.id: course}
    )
    assert code == 2
    assert "--modules" in err


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--due", "20/12/2026", "YYYY-MM-DD"),
        ("--pass-mark", "1.5", "at most 1"),
        ("--pass-mark", "lots", "not a pass mark"),
    ],
)
def test_bad_values_exit_2_with_a_plain_message(
    option: str, value: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main.build_parser().parse_args(
            ["assign", "--course", "x", "--modules", "a", option, value, "-o", "f"]
        )
    assert exited.value.code == 2
    assert words in capsys.readouterr().err


def test_unwritable_output_exits_1_without_a_traceback(course: Course, tmp_path: Path) -> None:
    code, _, err = _run(
        [
            "assign",
            "--course",
            course.id,
            "--modules",
            "shame",
            "-o",
            str(tmp_path / "missing-folder" / "a.json"),
        ],
        {course.id: course},
    )
    assert code == 1
    assert "Nothing was written" in err and "Traceback" not in err


def test_broken_course_discovery_is_reported_plainly(tmp_path: Path) -> None:
    def broken() -> dict[str, Course]:
        raise OSError("disk unplugged")

    args = main.build_parser().parse_args(
        ["assign", "--course", "x", "--modules", "a", "-o", str(tmp_path / "a")]
    )
    err = io.StringIO()
    assert run_assign(args, broken, out=io.StringIO(), err=err) == 1
    assert "disk unplugged" in err.getvalue()


def test_main_runs_the_command(
    course: Course,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen: list[tuple[Path, Path]] = []

    def fake_installed(content: Path, courses_dir: Path) -> dict[str, Course]:
        seen.append((content, courses_dir))
        return {course.id: course}

    monkeypatch.setattr(assign_command, "installed_courses", fake_installed)
    target = tmp_path / "a.json"
    code = main.main(
        [
            "--data-dir",
            str(tmp_path / "data"),
            "assign",
            "--course",
            course.id,
            "--modules",
            "shame",
            "-o",
            str(target),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert target.exists()
    assert seen and seen[0][1] == tmp_path / "data" / "courses"


def test_courses_by_id_accepts_courses_or_records(course: Course) -> None:
    class Record:
        def __init__(self, c: Course) -> None:
            self.course = c

    assert courses_by_id([course]) == {course.id: course}
    assert courses_by_id([Record(course), object()]) == {course.id: course}
    assert courses_by_id({"anything": Record(course)}) == {course.id: course}


def test_mistyped_ids_get_a_did_you_mean(course: Course, tmp_path: Path) -> None:
    typo = course.id[:-1]
    code, _, err = _run(
        ["assign", "--course", typo, "--modules", "shame", "-o", str(tmp_path / "a")],
        {course.id: course},
    )
    assert code == 1 and f"Did you mean '{course.id}'?" in err
    code, _, err = _run(
        ["assign", "--course", course.id, "--modules", "shamee,shame", "-o", str(tmp_path / "a")],
        {course.id: course},
    )
    assert code == 1
    assert "'shamee'. Did you mean 'shame'?" in err
    assert "validate --list-ids" in err
    code, _, err = _run(
        ["assign", "--course", course.id, "--modules", "shamee,zzzz", "-o", str(tmp_path / "a")],
        {course.id: course},
    )
    assert "For 'shamee', did you mean 'shame'?" in err and "For 'zzzz'" not in err
    assert list(tmp_path.iterdir()) == []


# -- keeping a copy in the therapist's workspace ----------------------------------------------


def _assign_with_workspace(data: Path, target: Path, *extra: str) -> tuple[int, str, str]:
    """`bridgework --data-dir DATA assign ...` with a workspace in DATA (if one was made)."""
    from course.paths import WORKSPACE_PROFILE, DataPaths

    argv = ["assign", "--course", "empathy-gap", "--modules", "shame", "-o", str(target)]
    args = main.build_parser().parse_args([*argv, *extra])
    out, err = io.StringIO(), io.StringIO()
    courses = {c.id: c for c in [load_course(SHIPPED).course] if c is not None}
    workspace = DataPaths(data, WORKSPACE_PROFILE)
    code = run_assign(args, courses, today=TODAY, out=out, err=err, workspace=workspace)
    return code, out.getvalue(), err.getvalue()


SHIPPED = Path(__file__).resolve().parents[2] / "content" / "empathy-gap"


def _workspace(data: Path, passphrase: str | None = None) -> int:
    from course.paths import WORKSPACE_PROFILE, DataPaths
    from course.store.api import open_store

    with open_store(DataPaths(data, WORKSPACE_PROFILE), backup_at_open=False) as store:
        client = store.add_client("Client J.")
        store.add_client("Another")
        if passphrase:
            store.set_passphrase(passphrase)
    return client.id


def _kept(data: Path, passphrase: str | None = None) -> list[str]:
    from course.paths import WORKSPACE_PROFILE, DataPaths
    from course.store.api import open_store

    with open_store(DataPaths(data, WORKSPACE_PROFILE), passphrase, backup_at_open=False) as s:
        return [f"{a.client_id}:{a.id}" for a in s.client_assignments()]


def test_with_a_workspace_the_assignment_is_kept_with_its_client(tmp_path: Path) -> None:
    data = tmp_path / "data"
    client_id = _workspace(data)
    target = tmp_path / "a.bridgework-assignment"
    code, out, err = _assign_with_workspace(data, target, "--client", "  client   j. ")
    assert code == 0, err
    assert "A copy is kept with Client J. in your workspace." in out
    assert _kept(data) == [f"{client_id}:{read_assignment(target, today=TODAY).id}"]


def test_when_it_cannot_be_kept_the_file_is_written_and_a_line_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    _workspace(data)
    code, out, _err = _assign_with_workspace(data, tmp_path / "a.json")
    assert code == 0 and (tmp_path / "a.json").exists()
    assert "no copy was kept in your workspace: add --client" in out
    code, out, _err = _assign_with_workspace(data, tmp_path / "b.json", "--client", "K.")
    assert code == 0 and (tmp_path / "b.json").exists()
    assert "it has no client called 'K.'" in out and "run this again" in out
    assert _kept(data) == []


def test_a_workspace_with_a_passphrase_asks_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    _workspace(data, passphrase="still water")
    monkeypatch.delenv("BRIDGEWORK_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: nobody to ask
    code, out, _err = _assign_with_workspace(data, tmp_path / "a.json", "--client", "Client J.")
    assert code == 0 and (tmp_path / "a.json").exists()
    assert "protected with a passphrase" in out and "BRIDGEWORK_PASSPHRASE" in out
    monkeypatch.setenv("BRIDGEWORK_PASSPHRASE", "still water")
    code, out, _err = _assign_with_workspace(data, tmp_path / "b.json", "--client", "Client J.")
    assert "A copy is kept with Client J." in out
    assert len(_kept(data, "still water")) == 1


def test_without_a_workspace_nothing_is_said_about_one(tmp_path: Path) -> None:
    code, out, _err = _assign_with_workspace(
        tmp_path / "data", tmp_path / "a.json", "--client", "J."
    )
    assert code == 0 and "your workspace" not in out
    assert not (tmp_path / "data").exists()  # no profile made by asking
