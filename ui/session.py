"""The application's state, without widgets: the current course, the store's life cycle, progress.

Pages and the frame subscribe to these objects' signals; none of them knows a widget.
`Session` holds one of each, so a page needs one reference to reach them all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from course.model import Course, Lesson, LoadResult
from course.paths import DataPaths
from ui import messages
from ui.progress import (
    SETTING_FIRST_RUN,
    ProgressSnapshot,
    fetch_lesson_progress,
    fetch_progress,
    quick_progress,
    snapshot_first_run_done,
)
from ui.workers import run_task

if TYPE_CHECKING:
    from course.course_cache import CourseCard
    from course.install import InstalledCourse
    from course.store.api import ProgressStore

SHIPPED_COURSE_ID = "empathy-gap"
#: The store setting naming the folder of the course open last (a name, never a path).
SETTING_COURSE_FOLDER = "course_folder"
LEGACY_COURSE_KEY = "course_root"  # where older versions kept its path, in window.ini
CRISIS_LESSON_ID = "getting-help"


def load_course_at(root: Path, cache_dir: Path | None = None) -> tuple[LoadResult, bool]:
    """The course at `root`, from the cache when it is current; (result, came from cache)."""
    from course import course_cache

    return course_cache.load(cache_dir, root)


def discover_courses(*folders: Path) -> list[InstalledCourse]:
    from course.install import discover_courses as discover

    return discover(*folders)


class CurrentCourse(QObject):
    """The course on show, and where it lives.

    Signals:
        changed()      a course was loaded (`course` may be None if it could not be read)
        loading(bool)  a course is being loaded off the GUI thread (True), or that ended
    """

    changed = Signal()
    loading = Signal(bool)

    def __init__(
        self,
        paths: DataPaths,
        content_dir: Path,
        settings: QSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.content_dir = content_dir
        self.settings = settings
        self.course: Course | None = None
        self.root: Path | None = None
        self.chosen = False  # the learner picked a course since start-up
        self._background_ok = False
        self._pending: list[Callable[[], None]] = []
        self._opening: Path | None = None
        #: Run on the loading worker with each course it loads (off the GUI thread): the
        #: session reads the course's progress there (issue 14).
        self.read_ahead: Callable[[Course], ProgressSnapshot | None] | None = None
        #: Run on the loading worker too, after `read_ahead`: the store session keeps the
        #: course version's wording there, not on a second worker beside its first paint.
        self.keep_ahead: Callable[[Course], None] | None = None
        #: What `read_ahead` returned for the course being shown; set only while
        #: `changed` is delivered, so nothing else can have changed it meanwhile.
        self.progress_ahead: ProgressSnapshot | None = None

    @property
    def is_loading(self) -> bool:
        """Whether a course is being loaded off the GUI thread (see `loading`)."""
        return self._opening is not None

    @property
    def shipped_root(self) -> Path:
        return self.content_dir / SHIPPED_COURSE_ID

    def load_initial(self) -> None:
        """The course the learner had open last time (from a plain store's quick read),
        or the shipped one; an encrypted store tells once it is open (`follow`)."""
        from course.store.quick_read import read_setting

        self.chosen = False
        # Older versions kept the course's path in window.ini, in plain text beside the
        # store: taken out of it here, and into the store once it is open.
        legacy = self.settings.value(LEGACY_COURSE_KEY)
        if legacy:
            self.settings.remove(LEGACY_COURSE_KEY)
            self.settings.sync()
            self.chosen = True
        name: object = Path(str(legacy)).name if legacy else None
        name = name or read_setting(self.paths.database, SETTING_COURSE_FOLDER)
        self.load(
            self.root_named(name) or self.root_named(SHIPPED_COURSE_ID) or self.shipped_root,
            chosen=self.chosen,
        )

    def root_named(self, name: object) -> Path | None:
        """The installed course in folder `name` (shipped or imported), if any.

        When both hold it (an update of the shipped course was imported), the newer
        version wins, as in the Library; on a tie the imported one.
        """
        if not isinstance(name, str) or not name or Path(name).name != name:
            return None
        found = [
            folder / name
            for folder in (self.content_dir, self.paths.courses)
            if (folder / name / "course.yaml").is_file()
        ]
        if len(found) > 1:
            from course.course_cache import card
            from course.install import newest_of_each

            cards = newest_of_each(
                [card(self.cache_dir, root) for root in found],
                lambda c: (name, c.version) if c.usable else None,
            )
            return Path(next((c.root for c in cards if c.usable), found[0]))
        return found[0] if found else None

    def follow(self, store: ProgressStore) -> None:
        """Once the store is open: show the course it remembers, unless the learner has
        chosen one since start-up; then remember the one on show."""
        from course.store.api import StoreError

        with contextlib.suppress(StoreError):  # a convenience; real trouble shows elsewhere
            root = self.root_named(store.get_setting(SETTING_COURSE_FOLDER))
            if root is not None and root != self.root and not self.chosen:
                self.load(root, chosen=False)
            self.remember(store)

    def remember(self, store: ProgressStore | None) -> None:
        """Keep the course's folder name (never a path) in the store, encrypted with it."""
        if store is None or store.closed or self.root is None:
            return
        if store.get_setting(SETTING_COURSE_FOLDER) != self.root.name:
            store.set_setting(SETTING_COURSE_FOLDER, self.root.name)

    @property
    def cache_dir(self) -> Path:
        return self.paths.cache

    def load(self, root: Path, *, chosen: bool = True) -> None:
        """Load the course at `root` now, on this thread (start-up: from the cache)."""
        self.chosen = self.chosen or chosen
        result, cached = load_course_at(root, self.cache_dir)
        self._show(root, result, cached)

    def show_loaded(self, root: Path, result: LoadResult) -> None:
        """Show a course loaded elsewhere (the preview's own, checked load), uncached."""
        self.chosen = True
        self._show(root, result, cached=True)

    def open(
        self, root: Path, *, fresh: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        """Load the course at `root` off the GUI thread, then show it (`loading`, `changed`).

        A big course takes the loader a second or more; the window stays responsive
        and shows that it is busy. The course already on show is only shown again,
        unless `fresh` (a new version was just installed there). `then` runs once the
        course is shown (not if it could not be read, or another was chosen meanwhile).
        """
        self.chosen = True
        if (
            not fresh
            and self.root is not None
            and Path(root) == self.root
            and self.course is not None
        ):
            self.changed.emit()
            if then is not None:
                then()
            return
        self._opening = Path(root)
        self.loading.emit(True)
        cache_dir = self.cache_dir
        read_ahead, keep_ahead = self.read_ahead, self.keep_ahead

        def work() -> tuple[LoadResult, bool, ProgressSnapshot | None]:
            result, cached = load_course_at(Path(root), cache_dir)
            course = result.course
            if not cached and course is not None:
                # Here, not after showing it: writing a big course's cache is Python work
                # that, beside the window, slowed the first paint of its outline and Home.
                from course import course_cache

                course_cache.write(cache_dir, Path(root), result)
                cached = True  # nothing left to write
            ahead = read_ahead(course) if read_ahead is not None and course is not None else None
            if keep_ahead is not None and course is not None:
                keep_ahead(course)
            return result, cached, ahead

        def done(loaded: tuple[LoadResult, bool, ProgressSnapshot | None]) -> None:
            if self._opening != Path(root):
                return  # another course was chosen meanwhile: that one wins
            self._opening = None
            self.loading.emit(False)
            result, cached, ahead = loaded
            if ahead is not None and self.course is not None and ahead.course_id == self.course.id:
                ahead = None  # the course on show (another version) may have moved on since
            self._show(Path(root), result, cached, ahead)
            if then is not None and self.course is not None:
                then()

        def failed(_error: BaseException) -> None:
            if self._opening == Path(root):
                self._opening = None
                self.loading.emit(False)
                self._show(Path(root), LoadResult(None, ()), True)

        run_task(work, done, failed)

    def _show(
        self,
        root: Path,
        result: LoadResult,
        cached: bool,
        ahead: ProgressSnapshot | None = None,
    ) -> None:
        cache_dir = self.cache_dir
        if not cached and result.course is not None:
            # Written after the first paint, off the GUI thread: next start skips the loader.
            from course import course_cache

            self._in_background(lambda: course_cache.write(cache_dir, root, result))
        if result.course is None:
            self.course, self.root = None, None
        else:
            self.course, self.root = result.course, root
        self.progress_ahead = ahead if self.course is not None else None
        try:
            self.changed.emit()
        finally:
            self.progress_ahead = None

    def allow_background_work(self) -> None:
        """Called after the first paint: background work waits until then."""
        self._background_ok = True
        pending, self._pending = self._pending, []
        for work in pending:
            run_task(work)

    def _in_background(self, work: Callable[[], None]) -> None:
        if self._background_ok:
            run_task(work)
        else:
            self._pending.append(work)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return None if self.course is None else self.course.lesson(lesson_id)

    def lesson_of_quiz(self, quiz_id: str) -> Lesson | None:
        return None if self.course is None else self.course.lesson_of_quiz(quiz_id)

    def installed(self) -> list[CourseCard]:
        """What the Library lists, from the course cache (safe on a worker thread)."""
        from course.course_cache import installed_cards

        return installed_cards(self.cache_dir, self.content_dir, self.paths.courses)


class StoreSession(QObject):
    """The progress store's life cycle: closed, opening, open, locked (closed again), failed.

    Opening runs off the GUI thread. An encrypted profile asks for its passphrase first.

    Signals:
        opening()               the store is being opened
        opened(object)          the store is open; the argument is a ProgressSnapshot or None
        closed()                the store was closed (locked, or the data deleted): let go of it
        locked()                the store was locked (closed, and asks for the passphrase)
        passphrase_needed(str)  the profile is encrypted: ask for the passphrase (the hint)
        wrong_passphrase(str)   the passphrase did not open it (the words to show)
        corrupt(object)         the database was damaged (a StoreCorrupt, with backups)
        failed(str)             it could not be opened (the words to show)
        passphrase_changed(str) set, changed or removed (the words to show in the status bar)
        passphrase_failed(str)  setting, changing or removing it failed (the words to show)
    """

    opening = Signal()
    opened = Signal(object)
    closed = Signal()
    locked = Signal()
    passphrase_needed = Signal(str)
    wrong_passphrase = Signal(str)
    corrupt = Signal(object)
    failed = Signal(str)
    passphrase_changed = Signal(str)
    passphrase_failed = Signal(str)

    def __init__(
        self, paths: DataPaths, current: CurrentCourse, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.current = current
        self.store: ProgressStore | None = None
        self.first_run = False
        self.shutting_down = False
        self._opening = False
        #: (store, course id, version) whose wording is kept: not asked of the store again.
        self._kept: set[tuple[object, str, str]] = set()
        current.changed.connect(self._remember_course)
        current.keep_ahead = self.keep_wording_now

    def _remember_course(self) -> None:
        # Runs as the first frame is made: the errors alone, not the store's API.
        from course.store.errors import StoreError

        with contextlib.suppress(StoreError):  # only a convenience for next time
            self.current.remember(self.store)
        self._keep_wording()

    def _keep_wording(self) -> None:
        """Keep the course version's wording in the store (once per version), off the GUI
        thread, so every answer keeps the words it answered (ProgressStore.keep_wording)."""
        store, course = self.store, self.current.course
        if store is None or store.closed or course is None:
            return
        if (store, course.id, course.version) in self._kept:
            return  # kept by the worker that loaded it (`keep_wording_now`)
        run_task(lambda: self._keep(store, course))

    def keep_wording_now(self, course: Course) -> None:
        """Keep `course`'s wording on this thread (a worker: the one loading the course).

        A big course's first keeping is a few hundred milliseconds of Python; on a worker
        of its own it ran beside the window drawing the course, and took the interpreter
        lock from it (issue 14's first-switch stalls)."""
        store = self.store
        if store is not None and not store.closed:
            self._keep(store, course)

    def _keep(self, store: ProgressStore, course: Course) -> None:
        from course.store.api import StoreError

        with contextlib.suppress(StoreError):  # closed meanwhile: kept on the next open
            store.keep_wording(course)
            self._kept.add((store, course.id, course.version))

    # -- state ------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.store is not None and not self.store.closed

    @property
    def is_opening(self) -> bool:
        return self._opening

    @property
    def encrypted(self) -> bool:
        return self.store is not None and self.store.encrypted

    # -- opening ----------------------------------------------------------------------
    def start(self) -> None:
        """Open the store off the GUI thread (or ask for the passphrase first)."""
        from course.store.api import needs_passphrase

        if self._opening or self.store is not None:
            return
        self.first_run = not self.paths.database.exists()
        # Not a header check alone: a plain profile's damaged file must not ask for a
        # passphrase that was never set (the store offers its backup instead).
        if needs_passphrase(self.paths):
            from course.store.driver import encryption_available

            # Without SQLCipher no passphrase can open it: opening says so plainly.
            if encryption_available():
                self.passphrase_needed.emit(messages.UNLOCK_BODY)
                return
        self._open(None)

    def unlock(self, passphrase: str) -> bool:
        """Try `passphrase`; False if an opening is already under way."""
        if self._opening:
            return False
        self._open(passphrase)
        return True

    def _open(self, passphrase: str | None) -> None:
        self._opening = True
        self.opening.emit()
        paths = self.paths
        course = self.current.course

        def work() -> tuple[ProgressStore, ProgressSnapshot | None]:
            # The first queries compile SQL and import the query module: slow enough
            # that they belong here too, not on the GUI thread.
            from course.store.api import open_store

            store = open_store(paths, passphrase)  # makes the folders, or says why not
            return store, fetch_progress(store, course) if course is not None else None

        run_task(work, self._opened, self.open_failed)

    def _opened(self, opened: tuple[ProgressStore, ProgressSnapshot | None]) -> None:
        store, snapshot = opened
        self._opening = False
        if self.shutting_down:  # the window closed while the store was opening
            store.close()
            return
        self.store = store
        self.first_run = self.first_run or not snapshot_first_run_done(snapshot, store)
        self.current.follow(store)
        self._keep_wording()
        self.opened.emit(snapshot)

    def open_failed(self, error: BaseException) -> None:
        """Explain why the store did not open (also what a worker's failure arrives at)."""
        from course.store.api import PassphraseRequired, StoreCorrupt, StoreError, WrongPassphrase

        self._opening = False
        if isinstance(error, WrongPassphrase):
            self.wrong_passphrase.emit(messages.WRONG_PASSPHRASE)
        elif isinstance(error, PassphraseRequired):
            self.passphrase_needed.emit(messages.UNLOCK_BODY)
        elif isinstance(error, StoreCorrupt):
            self.corrupt.emit(error)
        else:
            text = error.message if isinstance(error, StoreError) else messages.STORE_UNAVAILABLE
            self.failed.emit(text)

    def restore_newest_backup(self, error: Any) -> str:
        """Put the newest backup of a damaged store in place; the words to show."""
        from course.store.api import restore_backup

        backups = list(getattr(error, "backups", ()))
        when = f"{backups[0].made_on:%d %B %Y}"
        try:
            restore_backup(self.paths, backups[0].name)
        except Exception:
            return messages.RESTORE_FAILED
        return messages.RESTORED_BACKUP.format(when=when)

    # -- closing ----------------------------------------------------------------------
    def lock(self, hint: str = messages.LOCKED_HINT) -> bool:
        """Close an encrypted store so it needs the passphrase again; False if not locked.

        `hint` says why, on the unlock page (after a quiet while, on request, on hiding).
        """
        if self.store is None or not self.store.encrypted:
            return False
        self._close()
        self.locked.emit()
        self.passphrase_needed.emit(hint)
        return True

    def shut_down(self) -> None:
        """The app is closing: wait for workers, then close the store."""
        from ui.workers import wait_for_all

        self.shutting_down = True
        wait_for_all()
        self._close()

    def _close(self) -> None:
        store, self.store = self.store, None
        self._kept.clear()
        if store is not None:
            self.closed.emit()  # pages let go first, so nothing reaches a closed store
            store.close()

    def delete_everything(self) -> bool:
        """Delete all the learner's data (course.store.api.delete_all_data says what that
        is); False if that failed."""
        from course.store.api import StoreError, delete_all_data

        try:
            self._close()  # pages let go first (the search index of the cache it removes)
            delete_all_data(self.paths)
        except (StoreError, OSError):
            return False
        return True

    # -- settings and the passphrase ---------------------------------------------------
    def settings(self) -> dict[str, Any]:
        return dict(self.store.settings()) if self.store is not None else {}

    def save_setting(self, key: str, value: Any) -> str | None:
        """Save a setting; None, or the words to show if it could not be saved."""
        if self.store is None:
            return None
        from course.store.api import StoreError

        try:
            self.store.set_setting(key, value)
        except StoreError as error:
            return error.message
        return None

    def finish_first_run(self) -> None:
        self.first_run = False
        if self.store is not None:
            self.store.set_setting(SETTING_FIRST_RUN, True)

    def change_passphrase(self, current: str | None, new: str | None) -> bool:
        """Set (current None), change, or remove (new None) the passphrase, off the GUI thread.

        False if the store is not open (nothing started).
        """
        store = self.store
        if store is None:
            return False

        def work() -> str:
            if current is None and new is not None:
                store.set_passphrase(new)
                return messages.PASSPHRASE_SET
            if current is not None and new is not None:
                store.change_passphrase(current, new)
                return messages.PASSPHRASE_CHANGED
            assert current is not None
            store.remove_passphrase(current)
            return messages.PASSPHRASE_REMOVED

        def failed(error: BaseException) -> None:
            from course.store.api import WrongPassphrase

            if isinstance(error, WrongPassphrase):
                self.passphrase_failed.emit(
                    messages.WRONG_PASSPHRASE + " " + messages.PASSPHRASE_FAILED
                )
            else:
                self.passphrase_failed.emit(messages.PASSPHRASE_FAILED)

        run_task(work, self.passphrase_changed.emit, failed)
        return True


class Progress(QObject):
    """The learner's progress in the current course, as last read.

    Signals:
        changed(object)  a new ProgressSnapshot to show
        failed(str)      it could not be read (the words to show)
    """

    changed = Signal(object)
    failed = Signal(str)

    def __init__(
        self, current: CurrentCourse, store: StoreSession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.current = current
        self.store = store
        self.snapshot: ProgressSnapshot | None = None
        current.read_ahead = self.read_ahead

    def read_ahead(self, course: Course) -> ProgressSnapshot | None:
        """Progress in `course` as it is now, or None (no store, or it failed): read on
        the worker that loads a course, so that switching to a big course does not read
        (and then repaint the outline row by row) on the GUI thread."""
        store = self.store.store
        if store is None or store.closed:
            return None
        from course.store.api import StoreError

        try:
            return fetch_progress(store, course)
        except StoreError:
            return None  # read again, and reported, when the course is shown

    def refresh(self) -> None:
        """Read progress again from the store (a few quick queries)."""
        store, course = self.store.store, self.current.course
        if store is None or course is None:
            return
        ahead = self.current.progress_ahead
        if ahead is not None and ahead.course_id == course.id:
            self.show(ahead)  # read with the course, on its worker: no need to read again
            return
        from course.store.api import StoreError

        try:
            snapshot = fetch_progress(store, course)
        except StoreError as error:
            self.failed.emit(error.message)
            return
        self.show(snapshot)

    def lesson_changed(self, lesson_id: str) -> None:
        """Read again only what changed in one lesson (its visit, quiz or completion).

        The rest of the snapshot stays as last read: every write that can change it
        elsewhere refreshes in full (Home when shown, review, the store opening).
        """
        store, course, snapshot = self.store.store, self.current.course, self.snapshot
        lesson = course.lesson(lesson_id) if course is not None else None
        if store is None or course is None or lesson is None or snapshot is None:
            self.refresh()
            return
        if snapshot.course_id != course.id:
            self.refresh()
            return
        from course.store.api import StoreError

        try:
            updated = fetch_lesson_progress(store, course, lesson, snapshot)
        except StoreError as error:
            self.failed.emit(error.message)
            return
        self.show(updated)

    def show(self, snapshot: ProgressSnapshot) -> None:
        """Show `snapshot`, or read again if it is for another course than the current one."""
        course = self.current.course
        if course is None or snapshot.course_id != course.id:
            self.refresh()
            return
        self.snapshot = snapshot
        self.changed.emit(snapshot)

    def quick_read(self) -> ProgressSnapshot | None:
        """Progress from a read-only look at a plain database, before the store is open."""
        course = self.current.course
        if self.store.store is not None or course is None:
            return None
        return quick_progress(self.store.paths, course)

    def clear(self) -> None:
        """Nothing to show (the store closed): statuses and position go blank."""
        self.snapshot = None
        course = self.current.course
        if course is not None:
            self.changed.emit(ProgressSnapshot(course.id, {}, None, {}, {}))


class Session(QObject):
    """One of each: the current course, the store's life cycle and the learner's progress.

    Signals:
        status(str)  a quiet line about what is happening ("" when nothing is)
        check_in_saved()  the learner saved a check-in (Insights shows it)
    """

    status = Signal(str)
    check_in_saved = Signal()

    def __init__(
        self,
        paths: DataPaths,
        content_dir: Path,
        settings: QSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.current = CurrentCourse(paths, content_dir, settings, self)
        self.store_life = StoreSession(paths, self.current, self)
        self.progress = Progress(self.current, self.store_life, self)
        life = self.store_life
        life.opening.connect(lambda: self.status.emit(messages.OPENING_DATA))
        for done in (life.opened, life.wrong_passphrase, life.corrupt, life.failed):
            done.connect(lambda *_args: self.status.emit(""))
        life.passphrase_needed.connect(lambda _hint: self.status.emit(""))

    @property
    def course(self) -> Course | None:
        return self.current.course

    @property
    def store(self) -> ProgressStore | None:
        return self.store_life.store
