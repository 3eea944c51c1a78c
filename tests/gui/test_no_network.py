"""The whole GUI journey opens no network socket (AF_INET/AF_INET6), and never loads QtNetwork.

The single-instance hand-over (ui/single_instance.py) uses a lock file and a watched
folder, not a local socket, so QtNetwork stays unloaded; `make dist-check` runs the
bundle under strace for the same promise at the system-call level.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from tests.gui.test_journey import run_journey

INET = (socket.AF_INET, socket.AF_INET6)


def _refuse(*_args, **_kwargs):
    raise AssertionError("Bridgework tried to open a network connection")


@pytest.fixture
def no_network(monkeypatch):
    """Refuse connections, and record the family of every socket Python creates."""
    families: list[int] = []
    original_init = socket.socket.__init__

    def recording_init(self, family=-1, *args, **kwargs):
        families.append(socket.AF_INET if family == -1 else family)
        original_init(self, family, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "__init__", recording_init)
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    return families


def _open_inet_sockets() -> set[str]:
    """Inodes of this process's open sockets that /proc lists as TCP or UDP (Linux)."""
    mine = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            mine.add(target[len("socket:[") : -1])
    inet = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = Path("/proc/self/net") / table
        if path.exists():
            for line in path.read_text().splitlines()[1:]:
                fields = line.split()
                if len(fields) > 9:
                    inet.add(fields[9])
    return mine & inet


def test_journey_opens_no_socket(qtbot, data_paths, no_network):
    run_journey(qtbot, data_paths)
    assert [f for f in no_network if f in INET] == []
    if sys.platform.startswith("linux"):
        assert _open_inet_sockets() == set()
    assert "PySide6.QtNetwork" not in sys.modules


def test_the_recorder_sees_an_inet_socket(no_network):
    """The checks above can fail: a socket is recorded, and a bound one is seen in /proc."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))  # loopback only, and nothing is sent
        if sys.platform.startswith("linux"):
            assert _open_inet_sockets() != set()
    assert socket.AF_INET in no_network


def test_workspace_round_trip_opens_no_socket(qtbot, tmp_path, shipped_course, no_network):
    """The therapist's side too: assigning, importing reports, the timeline (issue 11)."""
    from tests.gui.test_workspace import run_workspace_round_trip

    run_workspace_round_trip(qtbot, tmp_path, shipped_course)
    assert [f for f in no_network if f in INET] == []
    if sys.platform.startswith("linux"):
        assert _open_inet_sockets() == set()
    assert "PySide6.QtNetwork" not in sys.modules
