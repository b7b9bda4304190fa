"""The task queue's own record of a job, where Homeward's job record alone cannot say."""

from __future__ import annotations

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def abandon_task(task_id: str) -> None:
    """Mark the queue's record of a task whose worker died as failed. The worker was
    killed before it could record an end, so the queue would show the task as running
    for ever; the job itself is run again under a new task."""
    if task_id:
        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now()
        )
