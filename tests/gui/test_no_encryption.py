"""Where sqlcipher3 cannot be loaded, the app says plainly that a passphrase is not available."""

from __future__ import annotations

from app_window import TIMEOUT, prepare_store, start
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from store_helpers import COURSE

from course.store.api import is_encrypted, open_store
from ui import messages
from ui.app import build_window
from ui.first_run import FirstRunDialog
from ui.progress import SETTING_FIRST_RUN


def test_first_run_offers_no_passphrase_and_says_why(qtbot, data_paths, no_sqlcipher):
    window = start(qtbot, data_paths)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FirstRunDialog))
    dialog = window.first_run_dialog
    labels = " ".join(label.text() for label in dialog.findChildren(type(dialog.fields.error)))
    assert messages.ENCRYPTION_UNAVAILABLE in labels
    assert dialog.use_passphrase.isHidden() and not dialog.use_passphrase.isChecked()
    assert dialog.fields.isHidden()
    assert dialog.start_button.text() == "Start without a passphrase"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.store is not None and window.store.get_setting(SETTING_FIRST_RUN) is True
    assert not window.store.encrypted and not is_encrypted(data_paths.database)


def test_settings_say_encryption_is_unavailable(qtbot, data_paths, no_sqlcipher):
    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    window.commands["settings"].trigger()
    dialog = window.preferences.dialog
    assert dialog.passphrase_state.text() == messages.ENCRYPTION_UNAVAILABLE
    assert not dialog.set_button.isEnabled()
    assert dialog.export_button.isEnabled()  # everything else still works
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_an_encrypted_profile_gets_a_clear_message(qtbot, data_paths, request):
    with open_store(data_paths, "only I know this") as store:
        store.save_reflection(COURSE, "guilt", "reflect", "r1", "kept")
    before = data_paths.database.read_bytes()
    request.getfixturevalue("no_sqlcipher")
    window = build_window(data_paths)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.store_failed, timeout=TIMEOUT) as failed:
        window.show()
    text = failed.args[0]
    assert "encryption is not available on this computer" in text
    assert "other copies" not in text
    assert window.unlock_page is not window.top.currentWidget()  # no passphrase could open it
    assert data_paths.database.read_bytes() == before
