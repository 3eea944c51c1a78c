"""The private progress store: learner data in one SQLite/SQLCipher file per profile.

Import the public API from here. Importing this package is cheap: SQLAlchemy is
loaded by `open_store`, and Alembic only when a migration is due. The names below come
from course.store.api on first use (PEP 562), so importing a light submodule such as
course.store.quick_read before the first paint does not create the API's dataclasses.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.store.api import (
        Activity,
        ActivityKind,
        AnswerInput,
        AnswerValue,
        BackupInfo,
        CheckIn,
        Client,
        ClientAssignment,
        ClientFile,
        ClientReport,
        CourseKey,
        CourseProgress,
        CourseRef,
        EncryptionUnavailable,
        Excerpt,
        LessonState,
        ModuleProgress,
        PassphraseRequired,
        PassphraseThrottle,
        PerspectiveAnswer,
        Position,
        ProgressStore,
        QuizAttempt,
        QuizScores,
        Rating,
        ReflectionEntry,
        ReflectionRevision,
        ReviewCard,
        ReviewGrade,
        ReviewReason,
        ReviewStatus,
        SavedAnswer,
        SettingValue,
        StoreCorrupt,
        StoredAssignment,
        StoreError,
        StoreTooNew,
        StoreUnavailable,
        Wording,
        WritingHit,
        WrongPassphrase,
        delete_all_data,
        is_encrypted,
        list_backups,
        needs_passphrase,
        open_store,
        restore_backup,
    )

__all__ = [
    "Activity",
    "ActivityKind",
    "AnswerInput",
    "AnswerValue",
    "BackupInfo",
    "CheckIn",
    "Client",
    "ClientAssignment",
    "ClientFile",
    "ClientReport",
    "CourseKey",
    "CourseProgress",
    "CourseRef",
    "EncryptionUnavailable",
    "Excerpt",
    "LessonState",
    "ModuleProgress",
    "PassphraseRequired",
    "PassphraseThrottle",
    "PerspectiveAnswer",
    "Position",
    "ProgressStore",
    "QuizAttempt",
    "QuizScores",
    "Rating",
    "ReflectionEntry",
    "ReflectionRevision",
    "ReviewCard",
    "ReviewGrade",
    "ReviewReason",
    "ReviewStatus",
    "SavedAnswer",
    "SettingValue",
    "StoreCorrupt",
    "StoreError",
    "StoreTooNew",
    "StoreUnavailable",
    "StoredAssignment",
    "Wording",
    "WritingHit",
    "WrongPassphrase",
    "delete_all_data",
    "is_encrypted",
    "list_backups",
    "needs_passphrase",
    "open_store",
    "restore_backup",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from course.store import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
