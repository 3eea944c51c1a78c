"""The therapist's workspace in the store: clients, assignments made for them, reports and
PDFs they sent back.

The same checks as reflections: kept and read back, in the export, gone after delete,
never in plain text on disk once a passphrase is set (the kill -9 check is in
test_crash_store, whose writer keeps a workspace report on every round).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from damage import plain_text_in
from store_helpers import FakeClock

from course.paths import DataPaths
from course.store import StoreError, delete_all_data, open_store

CANARY = "heron-quartz-9183"
PDF = b"%PDF-1.4 a report " + CANARY.encode() + b"\n%%EOF\n"
DAY = dt.date(2026, 12, 1)


def fill(store) -> int:
    client = store.add_client("client A")
    store.add_client_assignment(client.id, "a-1", json.dumps({"note": f"assigned {CANARY}"}))
    store.add_client_report(
        client.id, "r-1", DAY, "week-1.bridgework-report", json.dumps({"text": f"shared {CANARY}"})
    )
    store.add_client_file(client.id, "week-1.pdf", PDF)
    return client.id


def test_clients_are_kept_by_label_and_names_are_checked(data_paths: DataPaths) -> None:
    with open_store(data_paths, clock=FakeClock()) as store:
        store.add_client("  J.  B. ")
        store.add_client("client A")
        assert [c.label for c in store.clients()] == ["client A", "J. B."]
        for bad in ("", "   ", "x" * 61, "CLIENT a"):
            with pytest.raises(StoreError):
                store.add_client(bad)


def test_a_report_imported_twice_is_kept_once(data_paths: DataPaths) -> None:
    with open_store(data_paths, clock=FakeClock()) as store:
        client = store.add_client("client A")
        first, added = store.add_client_report(client.id, "key", DAY, "a.json", "{}")
        again, added_again = store.add_client_report(client.id, "key", DAY, "copy.json", "{}")
        assert added and not added_again and again == first
        store.add_client_report(client.id, "key-2", DAY - dt.timedelta(days=7), "b", "{}")
        assert [r.report_key for r in store.client_reports(client.id)] == ["key-2", "key"]
        pdf, added = store.add_client_file(client.id, "a.pdf", PDF)
        same, added_again = store.add_client_file(client.id, "renamed.pdf", PDF)
        assert added and not added_again and same.id == pdf.id
        assert store.client_file_data(pdf.id) == PDF
        assert [f.size for f in store.client_files(client.id)] == [len(PDF)]


def test_assignments_are_kept_once_and_go_with_their_client(data_paths: DataPaths) -> None:
    with open_store(data_paths, clock=FakeClock()) as store:
        client_id = fill(store)
        with pytest.raises(StoreError):
            store.add_client_assignment(client_id, "a-1", "{}")
        other = store.add_client("B")
        assert store.client_assignments(other.id) == []
        store.remove_client(client_id)
        assert store.client_assignments() == [] and store.client_reports() == []
        assert store.client_files() == []
        with pytest.raises(StoreError):
            store.add_client_report(client_id, "k", DAY, "r", "{}")


def test_everything_is_in_the_export(data_paths: DataPaths, tmp_path: Path) -> None:
    with open_store(data_paths) as store:
        fill(store)
        folder = store.export_all(tmp_path / "out")
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    (client,) = data["workspace"]["clients"]
    assert client["label"] == "client A"
    assert client["assignments"][0]["document"]["note"] == f"assigned {CANARY}"
    assert client["reports"][0]["document"]["text"] == f"shared {CANARY}"
    assert (folder / client["files"][0]["exported_as"]).read_bytes() == PDF
    assert "client A" in (folder / "my-bridgework-data.md").read_text(encoding="utf-8")


def test_a_learner_export_has_no_workspace(data_paths: DataPaths, tmp_path: Path) -> None:
    with open_store(data_paths) as store:
        folder = store.export_all(tmp_path / "out")
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    assert "workspace" not in data
    assert "workspace" not in (folder / "my-bridgework-data.md").read_text(encoding="utf-8")


def test_gone_after_delete(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        fill(store)
    delete_all_data(data_paths)
    with open_store(data_paths) as store:
        assert store.clients() == [] and store.client_reports() == []
        assert store.client_files() == [] and store.client_assignments() == []


def test_never_in_plain_text_with_a_passphrase(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        store.set_passphrase("a phrase for the canary test")
        fill(store)
        store.backup_now()
    assert plain_text_in(data_paths.root, CANARY) == []
    with open_store(data_paths, "a phrase for the canary test") as store:
        (report,) = store.client_reports()
        assert CANARY in report.document_json


def test_the_canary_check_can_fail_without_a_passphrase(data_paths: DataPaths) -> None:
    with open_store(data_paths) as store:
        fill(store)
    assert plain_text_in(data_paths.root, CANARY) != []
