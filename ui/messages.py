"""Every user-facing error and notice the window shows, in one place, in plain and warm words.

Each message says what happened and what the person can do next. None of them blames
the learner, and none of them shows a traceback.
"""

from __future__ import annotations

APP_TITLE = "Bridgework"

# --- start-up and the store -------------------------------------------------------------
OPENING_DATA = "Opening your saved progress…"
FINDING_COURSES = "Looking for your courses…"
OPENING_COURSE = "Opening the course…"
COURSES_UNREADABLE = (
    "Bridgework couldn't look through your courses just now. Nothing was changed; "
    "please try the Library again in a moment."
)
UNLOCK_TITLE = "Your data is protected"
UNLOCK_BODY = "Your progress and reflections are protected with a passphrase. Enter it to continue."
UNLOCK_SAFETY = "If you are not safe right now, please call your local emergency number."
UNLOCKING = "Unlocking… this takes a moment on purpose, to keep your data safe."
WRONG_PASSPHRASE = "That passphrase didn't open your data. Please try again."
EMPTY_PASSPHRASE = "Please type your passphrase first."
STORE_UNAVAILABLE = (
    "Bridgework couldn't open your saved progress just now. Your lessons still work, "
    "but progress won't be saved until this is fixed. Closing other copies of Bridgework "
    "and starting it again usually helps."
)
STORE_CORRUPT = (
    "Your saved progress couldn't be read: the file seems to be damaged. "
    "Nothing has been deleted; the damaged file was set aside."
)
STORE_CORRUPT_BACKUP = "There is a backup from {when}. Would you like to restore it?"
STORE_CORRUPT_NO_BACKUP = (
    "There is no backup to restore, so Bridgework will start with fresh progress. "
    "The damaged file is kept in your data folder in case you want it later."
)
RESTORED_BACKUP = "Your backup from {when} has been restored."
RESTORE_FAILED = (
    "The backup couldn't be restored either. Bridgework will start with fresh progress; "
    "the old files are still in your data folder."
)
SAVE_FAILED = (
    "Bridgework couldn't save that just now. What you wrote is still on screen; "
    "it will try again the next time you make a change."
)
DISK_FULL_SAVE = (
    "Your disk is full, so Bridgework couldn't save this. What is on screen stays here and "
    "nothing saved before is lost. Please make some free space; it will be saved with your "
    "next change."
)


def save_failed(error: BaseException, usual: str) -> str:
    """The words for a failed save: `usual`, unless the disk is full, which is said plainly."""
    from course.store.errors import DISK_FULL

    return DISK_FULL_SAVE if getattr(error, "reason", None) == DISK_FULL else usual


FORGOT_PASSPHRASE = (
    "A passphrase can't be recovered: it is never stored anywhere. If you can't remember "
    "it, you can start over with fresh progress. Your courses stay installed."
)
ABOUT = (
    "Bridgework {version}\n\nA private, offline course player. Everything stays on this "
    "computer.\n\nQuick-hide: F12 or Ctrl+Shift+H. Help: F1. Lock now: Ctrl+Shift+L."
)

# --- courses ------------------------------------------------------------------------------
NO_COURSE = (
    "No course could be found. The course that ships with Bridgework may be missing; "
    "you can import one with File > Import course…"
)
IMPORT_TITLE = "Import a course"
IMPORT_WHICH_KIND = "Is the course a .zip file or a folder?"
IMPORT_CHECKING = "Checking the course…"
IMPORT_INSTALLING = "Installing the course…"
FROM_EARLIER_VERSION = "from version {version} of the course; no longer in it"
ANSWERED_WHEN_IT_READ = "You wrote this when the question read: “{prompt}”"
QUIZ_FROM_EARLIER = (
    "You took this quiz in version {version} of the course; some of its questions have "
    "changed since. This is the score you earned then."
)
QUIZ_ANSWERED_THEN = "Questions you answered then, as they read at the time:"
QUIZ_NEW_QUESTIONS = (
    "New in this version, not answered yet (Try again to answer them; your first "
    "score stays the one that counts):"
)
UPDATE_TITLE = "A new version of a course"
UPDATE_NEWER = (
    "This is version {new} of “{title}”. You have version {old}. Here is what changes; "
    "your progress, answers and reflections stay yours."
)
UPDATE_SAME = (
    "This is version {new} of “{title}” again, the version you have, but its content "
    "differs. Here is what changes; your progress, answers and reflections stay yours."
)
UPDATE_OLDER = (
    "This is version {new} of “{title}”, which is older than the version {old} you have. "
    "Installing it puts the older version back in place of the newer one. Your progress, "
    "answers and reflections stay yours either way."
)
UPDATE_OLDER_SHIPPED = (
    "This is version {new} of “{title}”, which is older than the version {old} that came "
    "with Bridgework, so it can't replace it. Nothing was changed."
)
UPDATE_NO_LESSON_CHANGES = "The lessons are the same; only small details differ."
UPDATE_KEPT = (
    "Nothing you have done is lost: what you wrote or answered for anything that is no "
    "longer in the course stays in your journal and in your export, marked as from an "
    "earlier version."
)
IMPORT_OK = "“{title}” is installed and ready in your library."
IMPORT_WARNINGS = "“{title}” is installed. A few small things in it could be better:"
IMPORT_FAILED = (
    "This course can't be installed because of the problems below. Nothing was changed. "
    "The person who made the course can fix them: each line says where the problem is "
    "and what it is."
)
IMPORT_UNREADABLE = (
    "That file couldn't be read as a course. Please choose a course folder "
    "(one with a course.yaml inside) or a course .zip file."
)
LESSON_MISSING = "That lesson isn't in this course any more. Pick another one from the outline."

# --- privacy ------------------------------------------------------------------------------
COVER_TEXT = "Bridgework"
COVER_HINT = "Press {key} or click Show to continue."
LOCKED_HINT = "Locked after a quiet while. Enter your passphrase to continue."
LOCKED_NOW = "Locked, as you asked. Enter your passphrase to continue."
LOCKED_ON_HIDE = "Locked when the window was hidden. Enter your passphrase to continue."
PASSPHRASE_WARNING = (
    "Please keep your passphrase somewhere safe. If you forget it, nobody can open "
    "your data again, not even us: there is no way to recover it."
)
PASSPHRASE_MISMATCH = "The two passphrases are not the same. Please type them again."
PASSPHRASE_TOO_SHORT = "Please use at least {n} characters."
PASSPHRASE_SET = "Your data is now protected with a passphrase."
PASSPHRASE_CHANGED = "Your passphrase has been changed."
PASSPHRASE_REMOVED = "The passphrase has been removed. Your data is no longer encrypted."
PASSPHRASE_FAILED = (
    "The passphrase couldn't be changed, so nothing was changed. Your data is safe as it was."
)
EXPORT_DONE = "Your data has been written to {folder}."
EXPORT_FAILED = (
    "Your data couldn't be exported to that folder. Please check there is space and that "
    "you may write there, then try again."
)
DELETE_CONFIRM_WORD = "DELETE"
# What Delete removes is decided in course/store/api.py delete_all_data.
DELETE_EXPLAIN = (
    "This removes everything Bridgework keeps about you on this computer: your progress, "
    "quiz answers, reflections, check-ins, settings and backups, and the copies of course "
    "text it saved to start faster, so nothing is left that shows which lessons you were "
    "on. It cannot be undone.\n\n"
    "Courses you imported stay installed: they are course files, not your writing. If you "
    'want them gone too, you can remove them from the "courses" folder in your data '
    "folder.\n\n"
    "To confirm, type {word} below."
)
DELETE_DONE = "All your data has been deleted. Bridgework will start fresh."
DELETE_FAILED = (
    "Some of your data couldn't be deleted: another program may be using it. Everything "
    "else is gone, and what is left is open again as before. Please close any other copies "
    "of Bridgework, then choose Delete all my data again."
)
STORE_NOT_OPEN = "Your saved data isn't open yet. Please wait a moment, or unlock it first."

# --- links --------------------------------------------------------------------------------
CRISIS_MISSING = (
    "The help page couldn't be found in this course. If you are not safe right now, "
    "please call your local emergency number."
)

# --- first run ----------------------------------------------------------------------------
WELCOME_TITLE = "Welcome to Bridgework"
WELCOME_BODY = (
    "<p>Bridgework is a private place to learn: short lessons, quizzes that teach through "
    "feedback, and room to reflect.</p>"
    "<p><b>It is education, not therapy, and it is not a crisis service.</b> If you are "
    "not safe right now, please <a href='lesson:getting-help'>see where to turn for help"
    "</a>.</p>"
    "<p>Everything you do here stays on this computer. Nothing is sent anywhere, and "
    "nobody monitors it.</p>"
)
ALREADY_OPEN = (
    "Bridgework is already open, so this second copy will close. Its window should "
    "come forward now; if not, please look for it on your screen or in the task bar."
)
ENCRYPTION_UNAVAILABLE = (
    "Encryption is not available on this computer, so Bridgework cannot protect your "
    "data with a passphrase here. Your data is still saved, only on this computer, "
    "without a passphrase."
)
WELCOME_CHOOSE = (
    "Your data isn't protected yet. To protect it, type a passphrase twice and press "
    "Enter. To go on without a passphrase, untick the box above, then choose "
    "Start without a passphrase. You can set one later in Settings."
)
WELCOME_CHOOSE_UNTICKED = (
    "To go on without a passphrase, choose Start without a passphrase. "
    "You can set one later in Settings."
)
WELCOME_PASSPHRASE = (
    "We recommend protecting your data with a passphrase, so that nobody else who uses "
    "this computer can read your reflections."
)

# --- the therapist's workspace (issue 11) ------------------------------------------------
WORKSPACE_OFFER = "I'm a therapist: set up a workspace for my clients instead"
WORKSPACE_WELCOME = (
    "This is your therapist workspace: a profile of its own, with its own passphrase. "
    "It keeps your clients' pseudonyms, the assignments you make for them and the reports "
    "they send you back. Please protect it with a passphrase."
)
OPEN_WORKSPACE = "Open therapist &workspace"
OPEN_OWN_LEARNING = "Open my own &learning"
PROFILE_ALREADY_OPEN = (
    "That profile is already open in another Bridgework window, so it has been brought "
    "forward instead."
)
