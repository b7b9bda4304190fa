"""Telling a dead worker from a live or a slow one."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
from django.utils import timezone

from homeward.apps.common.jobs import STALE_AFTER
from homeward.apps.common.workers import is_gone, this_worker
from homeward.apps.intake.models import DuplicateSearch, ImportStatus


def test_a_live_process_of_this_host_is_not_gone() -> None:
    assert this_worker() == f"{socket.gethostname()}:{os.getpid()}"
    assert not is_gone(this_worker())


def test_an_ended_process_is_gone_and_so_is_a_zombie() -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    worker = f"{socket.gethostname()}:{process.pid}"
    # Ended but not yet reaped: a zombie, whose pid still answers signals.
    os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
    assert is_gone(worker)
    process.wait()
    assert is_gone(worker)


@pytest.mark.parametrize("worker", ["", "no-pid", "elsewhere:1", f"{socket.gethostname()}:x"])
def test_a_worker_that_cannot_be_checked_from_here_is_not_taken_for_dead(worker: str) -> None:
    assert not is_gone(worker)


@pytest.mark.django_db
def test_a_worker_on_another_host_is_dead_only_once_its_heartbeat_is_old() -> None:
    search = DuplicateSearch.objects.create(
        status=ImportStatus.RUNNING, worker="elsewhere:1", heartbeat=timezone.now()
    )
    assert not search.stalled
    search.heartbeat = timezone.now() - STALE_AFTER - dt.timedelta(seconds=1)
    assert search.stalled
    search.status = ImportStatus.DONE  # only a running job can stall
    assert not search.stalled
