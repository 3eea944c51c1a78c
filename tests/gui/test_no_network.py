"""The whole GUI journey opens no network socket, and never loads Qt's network module."""

from __future__ import annotations

import socket
import sys

import pytest

from tests.gui.test_journey import run_journey


def _refuse(*_args, **_kwargs):
    raise AssertionError("Bridgework tried to open a network connection")


@pytest.fixture
def no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


def test_journey_opens_no_socket(qtbot, data_paths, no_network):
    run_journey(qtbot, data_paths)
    assert "PySide6.QtNetwork" not in sys.modules
