"""Smoke-test what `make dist` built, as a new user would meet it: `make dist-check`.

Runs the one-folder bundle from an unrelated folder with a fresh HOME and data folder,
offscreen, and fails on anything missing:
  1. `--version`, and `validate <the bundled course> --strict`;
  2. the app to its first painted window with the shipped course, nothing on stderr;
  3. an encrypted profile made by the first schema (by this checkout's code) is opened,
     migrated and exported with `data export` (SQLCipher and the migrations are inside);
  4. no AF_INET/AF_INET6 socket is created (strace, where the system has it);
  5. every shared library in the bundle finds the libraries it links (ldd, Linux);
  6. the licence texts are in it, and it is under the size budget;
then times spawn-to-painted of the bundle against `python main.py` in the same run and
writes both into docs/PERFORMANCE.md. With --wheel, it first installs the built wheel
into a fresh venv and runs the same first two checks against the `bridgework` command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
SIZE_BUDGET_MIB = 150
STARTUP_BUDGET = 1.1  # bundle painted / venv painted
PERFORMANCE = ROOT / "docs" / "PERFORMANCE.md"
MARKER = "<!-- Bundle figures below are written by `make dist-check` (release/dist_check.py). -->"
# Lines Qt prints on the offscreen platform that say nothing about Bridgework.
QT_NOISE = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
)
PASSPHRASE = "smoke test words"
FAILURES: list[str] = []
# Libraries that must come with the bundle (anything else may come from the system).
OURS = ("libQt6", "libpyside6", "libshiboken6", "libpython", "libicu", "libsqlcipher")


def check(ok: bool, what: str) -> None:
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        FAILURES.append(what)


def bundle_dir() -> Path:
    app = DIST / "Bridgework.app" / "Contents" / "MacOS"
    return app if app.is_dir() else DIST / "bridgework"


def bundle_command() -> list[str]:
    folder = bundle_dir()
    for name in ("bridgework-cli.exe", "bridgework.exe", "bridgework"):
        if (folder / name).is_file():
            return [str(folder / name)]
    raise SystemExit(f"No bundle in {folder}: run `make dist` first.")


def fresh_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIDGEWORK_", "PYTHON"))}
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home / "AppData" / "Roaming"),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        QT_QPA_PLATFORM="offscreen",
        # platformdirs asks Windows itself for AppData, whatever the variables say.
        BRIDGEWORK_DATA_DIR=str(home / "bridgework-data"),
    )
    return env


def run(command: list[str], env: dict[str, str], cwd: Path, timeout: float = 120):
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def real_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line and not any(n in line for n in QT_NOISE)]


def shipped_course(command: list[str], env: dict[str, str], cwd: Path) -> Path:
    """The course folder the installed code itself reports (never this checkout's)."""
    del command, env, cwd
    for candidate in sorted(bundle_dir().parent.rglob("course/content/empathy-gap")):
        if (candidate / "course.yaml").is_file():
            return candidate
    raise SystemExit("The bundle holds no course/content/empathy-gap: the spec lost content/.")


def basic_checks(command: list[str], course: Path, env: dict[str, str], cwd: Path) -> None:
    done = run([*command, "--version"], env, cwd)
    check(done.returncode == 0 and "Bridgework" in done.stdout, f"--version: {done.stdout.strip()}")
    done = run([*command, "validate", str(course), "--strict"], env, cwd)
    check(done.returncode == 0, f"validate {course} --strict (exit {done.returncode})")
    if done.returncode:
        print(done.stdout + done.stderr)
    painted = run([*command], dict(env, BRIDGEWORK_BENCH_EXIT_AFTER="painted"), cwd)
    check(
        painted.returncode == 0 and "BRIDGEWORK_BENCH painted" in painted.stdout,
        f"the window paints (exit {painted.returncode})",
    )
    check("course=empathy-gap" in painted.stdout, "it shows the shipped course")
    errors = real_errors(painted.stderr)
    check(not errors, "nothing on stderr while starting" + (f": {errors[:5]}" if errors else ""))


def schema_one_profile(data_dir: Path) -> None:
    """An encrypted profile as the first release made it, made by this checkout's code."""
    script = (
        "import sys; from pathlib import Path\n"
        "from course.paths import DataPaths\n"
        "from course.store import schema\n"
        "from course.store.engine import close_engine, connect, make_engine\n"
        "paths = DataPaths(Path(sys.argv[1])); paths.ensure()\n"
        "conn = connect(paths.database, sys.argv[2]); conn.execute('PRAGMA journal_mode = WAL')\n"
        "engine = make_engine(conn); schema.upgrade(engine, schema.KNOWN_REVISIONS[0])\n"
        "with engine.begin() as c:\n"
        '    c.exec_driver_sql("INSERT INTO reflections (id, course_id, course_version, '
        "lesson_id, reflection_id, prompt_id, created_at, updated_at, text) VALUES (1, "
        "'empathy-gap', '1.0.0', 'guilt', 'reflect', 'r1', '2026-01-05 10:05:00.000000', "
        "'2026-01-05 10:06:00.000000', 'canary words from schema one')\")\n"
        "close_engine(engine)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(data_dir), PASSPHRASE], check=True, cwd=ROOT)


def encrypted_migration_and_export(command: list[str], env: dict[str, str], cwd: Path) -> None:
    data_dir = cwd / "old-profile"
    schema_one_profile(data_dir)
    export = cwd / "export"
    env = dict(env, BRIDGEWORK_DATA_DIR=str(data_dir), BRIDGEWORK_PASSPHRASE=PASSPHRASE)
    done = run([*command, "data", "export", str(export)], env, cwd)
    exported = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in export.rglob("*") if p.is_file()
    )
    check(
        done.returncode == 0 and "canary words from schema one" in exported,
        "an encrypted schema-1 profile is migrated and exported by `data export`"
        + ("" if done.returncode == 0 else f": {done.stdout}{done.stderr}"),
    )
    backups = list((data_dir / "profiles" / "default" / "backups").glob("*before-upgrade*"))
    check(bool(backups), "the migration kept a backup of the old schema first")


def no_inet_sockets(command: list[str], env: dict[str, str], cwd: Path) -> None:
    strace = shutil.which("strace")
    if strace is None or not sys.platform.startswith("linux"):
        print("skip  no-network check (needs strace on Linux)")
        return
    log = cwd / "strace.log"
    run(
        [strace, "-f", "-qq", "-e", "trace=execve,%network", "-o", str(log), *command],
        dict(env, BRIDGEWORK_BENCH_EXIT_AFTER="store"),
        cwd,
    )
    calls = log.read_text(encoding="utf-8", errors="replace").splitlines()
    followed = any("execve(" in line for line in calls)
    check(followed, f"strace followed the start ({len(calls)} calls)")
    inet = [line for line in calls if "AF_INET" in line]
    found = f": {inet}" if inet else ""
    check(not inet, "no AF_INET/AF_INET6 socket from start to store open" + found)


def libraries_resolve() -> None:
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        print("skip  library check (ldd, Linux only)")
        return
    missing = []
    for path in bundle_dir().rglob("*.so*"):
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False)
        # System libraries (libxcb-cursor0 and friends) are the user's; Qt's and
        # Python's own must all be inside.
        missing += [f"{path.name}: {line.strip()}" for line in done.stdout.splitlines()
                    if "not found" in line and line.strip().startswith(OURS)]  # fmt: skip
    check(
        not missing,
        "every library in the bundle finds what it links" + (f": {missing[:8]}" if missing else ""),
    )


def licences_and_size() -> float:
    root = DIST / "Bridgework.app" if (DIST / "Bridgework.app").is_dir() else bundle_dir()
    texts = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in root.rglob("LICENSE*")
        if p.is_file()
    )
    check("GNU GENERAL PUBLIC LICENSE" in texts, "the GPL text is in the bundle")
    check(
        "Creative Commons Attribution 4.0" in texts, "the course's CC-BY-4.0 text is in the bundle"
    )
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    mib = size / 2**20
    check(mib < SIZE_BUDGET_MIB, f"bundle is {mib:.1f} MiB (budget {SIZE_BUDGET_MIB} MiB)")
    return mib


def _children_cpu() -> float:
    """CPU seconds (user + system) of finished child processes so far; 0 where unknown."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def painted_seconds(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds from spawn to the first painted window, and the run's CPU seconds."""
    cpu = _children_cpu()
    start = time.time()
    done = run(command, dict(env, BRIDGEWORK_BENCH_EXIT_AFTER="painted"), cwd)
    for line in done.stdout.splitlines():
        if line.startswith("BRIDGEWORK_BENCH painted "):
            return float(line.split()[2]) - start, _children_cpu() - cpu
    raise SystemExit(f"{command} did not paint: {done.stderr[-2000:]}")


def startup(
    command: list[str], env: dict[str, str], cwd: Path, rounds: int
) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds to painted for the bundle and `python main.py`, alternated.

    The machine may be shared: wall time moves with the load, CPU time much less, so
    both are reported; the budget is on wall time, as a user feels it.
    """
    source = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "main.py")]
    if not Path(source[0]).exists():
        source[0] = sys.executable
    runs: dict[str, list[tuple[float, float]]] = {"bundle": [], "venv": []}
    for _ in range(2):  # warm the file cache for both
        painted_seconds(command, env, cwd)
        painted_seconds(source, env, cwd)
    for _ in range(rounds):
        runs["bundle"].append(painted_seconds(command, env, cwd))
        runs["venv"].append(painted_seconds(source, env, cwd))
    return {
        name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        for name, got in runs.items()
    }


def write_performance(mib: float, figures: dict[str, tuple[float, float]], rounds: int) -> None:
    (bundle, bundle_cpu), (venv, venv_cpu) = figures["bundle"], figures["venv"]
    ratio = bundle / venv
    import platform

    table = "\n".join([
        MARKER,
        "",
        "### Bundle (PyInstaller one-folder, `make dist`)",
        "",
        f"Measured by `make dist-check` on {time.strftime('%Y-%m-%d')}, {platform.system()} "
        f"{platform.machine()}, Python {platform.python_version()}: spawn to the first painted "
        f"window, median of {rounds} alternated runs of each, in one run, fresh HOME. CPU is "
        "user + system time of the whole run, steadier than wall time on a shared machine.",
        "",
        "| measure | value | budget | within | note |",
        "|---|---|---|---|---|",
        f"| bundle size unpacked | {mib:.1f} MiB | < {SIZE_BUDGET_MIB} MiB | "
        f"{'yes' if mib < SIZE_BUDGET_MIB else 'NO'} | no Qt Quick/QML, network, OpenGL, PDF |",
        f"| `python main.py` painted | {venv:.3f} s |  |  | the checkout's venv; "
        f"CPU {venv_cpu:.3f} s |",
        f"| bundle painted | {bundle:.3f} s | <= {STARTUP_BUDGET}x venv | "
        f"{'yes' if ratio <= STARTUP_BUDGET else 'NO'} | {ratio:.2f}x; CPU {bundle_cpu:.3f} s |",
        "",
    ])  # fmt: skip
    text = PERFORMANCE.read_text(encoding="utf-8")
    text = text.split(MARKER)[0].rstrip("\n") + "\n\n" + table
    PERFORMANCE.write_text(text, encoding="utf-8")
    print(table)
    check(
        ratio <= STARTUP_BUDGET,
        f"bundle start-up {ratio:.2f}x the venv's (budget {STARTUP_BUDGET}x)",
    )


def wheel_checks(work: Path) -> None:
    """Build the wheel, install it in a fresh venv, run it from an unrelated folder."""
    wheels = work / "wheels"
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [*pip, "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)], check=True
    )
    (wheel,) = wheels.glob("bridgework-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True
    )
    home, cwd = work / "wheel-home", work / "wheel-elsewhere"
    home.mkdir()
    cwd.mkdir()
    env = fresh_env(home)
    where = run([str(bindir / "python"), "-c",
                 "from course.paths import shipped_content_dir; print(shipped_content_dir())"],
                env, cwd)  # fmt: skip
    course = Path(where.stdout.strip()) / "empathy-gap"
    check(str(course).startswith(str(venv)), f"the installed course is inside the venv: {course}")
    print("-- the wheel, installed in a fresh venv --")
    basic_checks([str(bindir / "bridgework")], course, env, cwd)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", action="store_true", help="also check the wheel in a fresh venv")
    parser.add_argument("--rounds", type=int, default=7, help="start-up runs of each (default 7)")
    parser.add_argument("--no-timing", action="store_true", help="skip the start-up comparison")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bridgework-dist-check-") as temp:
        work = Path(temp)
        if args.wheel:
            wheel_checks(work)
        command = bundle_command()
        home, cwd = work / "home", work / "elsewhere"
        home.mkdir()
        cwd.mkdir()
        env = fresh_env(home)
        print(f"-- the bundle: {command[0]} --")
        course = shipped_course(command, env, cwd)
        basic_checks(command, course, env, cwd)
        encrypted_migration_and_export(command, env, cwd)
        no_inet_sockets(command, env, cwd)
        libraries_resolve()
        mib = licences_and_size()
        if not args.no_timing:
            write_performance(mib, startup(command, env, cwd, args.rounds), args.rounds)
    if FAILURES:
        print(f"\n{len(FAILURES)} check(s) failed.")
        return 1
    print("\nAll bundle checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
