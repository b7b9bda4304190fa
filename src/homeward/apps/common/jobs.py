"""What every background job shows of itself (imports, duplicate searches, exports), and
how a dead worker is told from a slow one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.workers import is_gone

# The status value every job's choices share for a job a worker has taken.
RUNNING = "running"

# A job whose worker has given no sign of life for this long is taken for dead and may be
# run again.
STALE_AFTER = dt.timedelta(minutes=10)


class Job(models.Model):
    """What a background job shows of itself while it runs: the stage and the fraction
    done, why it failed, the queue's task, and a heartbeat by which a dead worker is told
    from a slow one."""

    stage = models.CharField(_("stage"), max_length=40, blank=True)
    progress = models.FloatField(_("progress"), default=0.0)  # 0..1
    error = models.TextField(_("why it failed"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=150, blank=True)  # host:pid
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    status: str  # each job has its own choices

    @property
    def stalled(self) -> bool:
        """Running, but its worker is gone: a process of this host that has ended, or
        one that has given no sign of life for STALE_AFTER (killed, or its machine
        lost). The job may be run again."""
        return self.status == RUNNING and (
            self.heartbeat is None
            or timezone.now() - self.heartbeat >= STALE_AFTER
            or is_gone(self.worker)
        )

    @classmethod
    def report(cls, pk: int, **fields: Any) -> None:
        """Progress and status, committed at once (outside the job's own transaction)."""
        cls.objects.filter(pk=pk).update(heartbeat=timezone.now(), **fields)  # type: ignore[attr-defined]
