"""The store's reads and writes for the therapist's workspace: clients, the assignments
made for them, the reports they sent back and PDFs attached to them.

Beside queries.py and built the same way: plain values in and out, one function per
ProgressStore method; imports only the store's tables, records and errors.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.store.errors import StoreError
from course.store.records import Client, ClientAssignment, ClientFile, ClientReport
from course.store.tables import ClientAssignmentRow, ClientFileRow, ClientReportRow, ClientRow

MAX_LABEL = 60
#: A PDF report is a few hundred kilobytes; anything this large is not one.
MAX_FILE_BYTES = 32 * 1024 * 1024


def _client(row: ClientRow) -> Client:
    return Client(row.id, row.label, row.created_at)


def _client_row(s: Session, client_id: int) -> ClientRow:
    row = s.get(ClientRow, client_id)
    if row is None:
        raise StoreError("That client is no longer in your workspace.")
    return row


def add_client(s: Session, label: str, now: dt.datetime) -> Client:
    label = " ".join(label.split())
    if not label:
        raise StoreError("Please give the client a pseudonym or initials.")
    if len(label) > MAX_LABEL:
        raise StoreError(
            f"Please keep it to {MAX_LABEL} characters: initials or a pseudonym are enough."
        )
    taken = s.scalar(select(ClientRow.id).where(func.lower(ClientRow.label) == label.lower()))
    if taken is not None:
        raise StoreError(f"There is already a client called '{label}'. Please choose another.")
    row = ClientRow(label=label, created_at=now)
    s.add(row)
    s.flush()
    return _client(row)


def clients(s: Session) -> list[Client]:
    return [_client(r) for r in s.scalars(select(ClientRow).order_by(func.lower(ClientRow.label)))]


def remove_client(s: Session, client_id: int) -> None:
    s.delete(_client_row(s, client_id))  # its assignments, reports and files go with it


def add_client_assignment(
    s: Session, client_id: int, assignment_id: str, document_json: str, now: dt.datetime
) -> ClientAssignment:
    _client_row(s, client_id)
    if s.get(ClientAssignmentRow, assignment_id) is not None:
        raise StoreError("This assignment is already kept in your workspace.")
    row = ClientAssignmentRow(
        id=assignment_id, client_id=client_id, document_json=document_json, made_at=now
    )
    s.add(row)
    s.flush()
    return ClientAssignment(row.id, row.client_id, row.document_json, row.made_at)


def client_assignments(s: Session, client_id: int | None) -> list[ClientAssignment]:
    query = select(ClientAssignmentRow).order_by(ClientAssignmentRow.made_at)
    if client_id is not None:
        query = query.where(ClientAssignmentRow.client_id == client_id)
    return [
        ClientAssignment(r.id, r.client_id, r.document_json, r.made_at) for r in s.scalars(query)
    ]


def _report(row: ClientReportRow) -> ClientReport:
    return ClientReport(
        row.id,
        row.client_id,
        row.report_key,
        dt.date.fromisoformat(row.made_on),
        row.file_name,
        row.document_json,
        row.imported_at,
    )


def add_client_report(
    s: Session,
    client_id: int,
    report_key: str,
    made_on: dt.date,
    file_name: str,
    document_json: str,
    now: dt.datetime,
) -> tuple[ClientReport, bool]:
    """Keep a report once: the one already kept (and False) if its key is known."""
    _client_row(s, client_id)
    kept = s.scalars(
        select(ClientReportRow).where(ClientReportRow.report_key == report_key)
    ).first()
    if kept is not None:
        return _report(kept), False
    row = ClientReportRow(
        client_id=client_id,
        report_key=report_key,
        made_on=made_on.isoformat(),
        file_name=file_name[:500],
        document_json=document_json,
        imported_at=now,
    )
    s.add(row)
    s.flush()
    return _report(row), True


def client_reports(s: Session, client_id: int | None) -> list[ClientReport]:
    """Reports oldest first (by the day they were made, then by import)."""
    query = select(ClientReportRow).order_by(ClientReportRow.made_on, ClientReportRow.id)
    if client_id is not None:
        query = query.where(ClientReportRow.client_id == client_id)
    return [_report(r) for r in s.scalars(query)]


def add_client_file(
    s: Session, client_id: int, name: str, data: bytes, now: dt.datetime
) -> tuple[ClientFile, bool]:
    """Keep a PDF with a client once: the one already kept (and False) if it is the same."""
    _client_row(s, client_id)
    if len(data) > MAX_FILE_BYTES:
        raise StoreError("This file is too large to be a progress report, so it was not kept.")
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    kept = s.scalars(
        select(ClientFileRow).where(
            ClientFileRow.client_id == client_id, ClientFileRow.digest == digest
        )
    ).first()
    if kept is not None:
        return ClientFile(kept.id, kept.client_id, kept.name, len(data), kept.added_at), False
    row = ClientFileRow(
        client_id=client_id, name=name[:500], digest=digest, data=data, added_at=now
    )
    s.add(row)
    s.flush()
    return ClientFile(row.id, row.client_id, row.name, len(data), row.added_at), True


def client_files(s: Session, client_id: int | None) -> list[ClientFile]:
    query = select(
        ClientFileRow.id,
        ClientFileRow.client_id,
        ClientFileRow.name,
        func.length(ClientFileRow.data),
        ClientFileRow.added_at,
    ).order_by(ClientFileRow.added_at, ClientFileRow.id)
    if client_id is not None:
        query = query.where(ClientFileRow.client_id == client_id)
    return [ClientFile(*row) for row in s.execute(query)]


def client_file_data(s: Session, file_id: int) -> bytes:
    row = s.get(ClientFileRow, file_id)
    if row is None:
        raise StoreError("That file is no longer in your workspace.")
    return bytes(row.data)
