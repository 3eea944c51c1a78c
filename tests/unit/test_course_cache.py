"""The course cache (course/course_cache.py): the same course back, a miss on any change."""

from __future__ import annotations

import shutil

from course import course_cache
from course.loader import load_course


def test_round_trip_gives_the_same_course(tmp_path, shipped_course_dir):
    result = load_course(shipped_course_dir)
    course_cache.write(tmp_path, shipped_course_dir, result)
    again = course_cache.read(tmp_path, shipped_course_dir)
    assert again == result
    assert again is not None and again.course is not None
    assert again.course.lesson("getting-help") is not None  # indexes rebuilt


def test_any_change_in_the_course_misses(tmp_path, shipped_course_dir):
    course = tmp_path / "course"
    shutil.copytree(shipped_course_dir, course)
    cache = tmp_path / "cache"
    course_cache.write(cache, course, load_course(course))
    assert course_cache.read(cache, course) is not None
    lesson = next(course.rglob("*.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert course_cache.read(cache, course) is None


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path, shipped_course_dir):
    target = course_cache.cache_file(tmp_path, shipped_course_dir)
    tmp_path.mkdir(exist_ok=True)
    target.write_text("{not json", encoding="utf-8")
    assert course_cache.read(tmp_path, shipped_course_dir) is None
    target.write_text('{"version": 1, "fingerprint": "x", "result": {}}', encoding="utf-8")
    assert course_cache.read(tmp_path, shipped_course_dir) is None


def test_only_model_classes_can_be_rebuilt(tmp_path, shipped_course_dir):
    result = load_course(shipped_course_dir)
    course_cache.write(tmp_path, shipped_course_dir, result)
    target = course_cache.cache_file(tmp_path, shipped_course_dir)
    text = target.read_text(encoding="utf-8").replace('"LoadResult"', '"Path"', 1)
    target.write_text(text, encoding="utf-8")
    assert course_cache.read(tmp_path, shipped_course_dir) is None


def test_a_course_with_its_own_feelings_round_trips(tmp_path, shipped_course_dir):
    from course.feelings import SHIPPED_VOCABULARY

    course = tmp_path / "course"
    shutil.copytree(shipped_course_dir, course)
    shutil.copy(SHIPPED_VOCABULARY, course / "feelings.yaml")
    result = load_course(course)
    assert result.course is not None and result.course.feelings is not None
    cache = tmp_path / "cache"
    course_cache.write(cache, course, result)
    assert course_cache.read(cache, course) == result


def test_reading_the_cache_of_a_plain_course_leaves_yaml_unloaded(tmp_path, shipped_course_dir):
    """Start-up reads the cache before the first paint; YAML is not needed for that."""
    from fresh_process import modules_loaded_by

    course_cache.write(tmp_path, shipped_course_dir, load_course(shipped_course_dir))
    script = (
        "from pathlib import Path\n"
        "from course import course_cache\n"
        f"result = course_cache.read(Path({str(tmp_path)!r}), Path({str(shipped_course_dir)!r}))\n"
        "assert result is not None and result.course is not None\n"
    )
    assert modules_loaded_by(script, ("yaml", "course.feelings")) == []


def test_a_course_card_comes_from_the_cache_without_the_loader(
    tmp_path, shipped_course_dir, monkeypatch
):
    from course import install, loader

    assert install.course_roots  # imported before the loader is patched (it binds the name)
    course = tmp_path / "course"
    shutil.copytree(shipped_course_dir, course)
    cache = tmp_path / "cache"
    first = course_cache.card(cache, course)
    full = load_course(course).course
    assert full is not None
    assert (first.id, first.title, first.modules, first.errors) == (
        full.id,
        full.title,
        len(full.modules),
        0,
    )
    assert first.lessons == sum(1 for _ in full.lessons())

    def no_loader(*_args, **_kwargs):
        raise AssertionError("the loader ran for a course whose card is cached")

    monkeypatch.setattr(loader, "load_course", no_loader)
    assert course_cache.card(cache, course) == first
    assert course_cache.installed_cards(cache, course) == [first]
    monkeypatch.undo()
    manifest = course / "course.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(full.title, "A new title"), encoding="utf-8"
    )
    assert course_cache.card(cache, course).title == "A new title"  # any change: read again


def test_installed_cards_keep_the_courses_discover_keeps(tmp_path, shipped_course_dir):
    from course.install import discover_courses

    shipped = tmp_path / "shipped"
    shutil.copytree(shipped_course_dir, shipped / "empathy-gap")
    imported = tmp_path / "imported"
    newer = imported / "empathy-gap-2"
    shutil.copytree(shipped_course_dir, newer)
    manifest = newer / "course.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('version: "1.1.0"', 'version: "9.0.0"'), encoding="utf-8")
    (imported / "broken").mkdir(parents=True)
    (imported / "broken" / "course.yaml").write_text("format: [", encoding="utf-8")
    cards = course_cache.installed_cards(tmp_path / "cache", shipped, imported)
    found = discover_courses(shipped, imported)
    assert [(c.root, c.usable) for c in cards] == [(f.root, f.course is not None) for f in found]
    assert [c.version for c in cards if c.usable] == ["9.0.0"]


def _walked_fingerprint(root) -> str:
    """The fingerprint as os.walk made it before issue 14: caches written then must hold."""
    import os

    lines = []
    for folder, prefix in ((root, ""), (course_cache._COURSE_SOURCES, "\0engine/")):
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "store"))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                stat = os.stat(path)
                rel = os.path.relpath(path, folder)
                lines.append(f"{prefix}{rel}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(lines)


def test_the_fingerprint_reads_as_os_walk_did(tmp_path, shipped_course_dir):
    course = tmp_path / "course"
    shutil.copytree(shipped_course_dir, course)
    (course / "__pycache__").mkdir()
    (course / "__pycache__" / "x.pyc").write_bytes(b"not content")
    (course / "media" / "deep" / "er").mkdir(parents=True)
    (course / "media" / "deep" / "er" / "b.txt").write_text("b", encoding="utf-8")
    (course / "media" / "deep" / "a.txt").write_text("a", encoding="utf-8")
    (course / "linked").symlink_to(course / "media", target_is_directory=True)
    assert course_cache._fingerprint(course) == _walked_fingerprint(course)
    assert "x.pyc" not in course_cache._fingerprint(course)
    assert "linked/" not in course_cache._fingerprint(course)  # a linked folder: not followed


def test_writing_a_loaded_course_writes_its_card_too(tmp_path, shipped_course_dir, monkeypatch):
    """A course once loaded (a switch, the start) lists in the Library without a reload."""
    cache = tmp_path / "cache"
    result = load_course(shipped_course_dir)
    course_cache.write(cache, shipped_course_dir, result)

    def refuse(*_args, **_kwargs):
        raise AssertionError("the card was made from the full course")

    monkeypatch.setattr(course_cache, "load", refuse)
    made = course_cache.card(cache, shipped_course_dir)
    assert made == course_cache.CourseCard.of(shipped_course_dir, result)
    written = course_cache.read(cache, shipped_course_dir)
    assert written is not None and written.course == result.course
