"""Background jobs of the registry, run by the task queue's worker (`homeward db_worker`)."""

from __future__ import annotations

from django_tasks import TaskContext, task

from homeward.apps.audit.context import audit_context
from homeward.apps.registry import person_exports


@task(takes_context=True)
def person_export_task(context: TaskContext, export_id: int) -> dict[str, int]:
    """Write a file of persons for the user who asked for it."""
    task_id = str(context.task_result.id)
    with audit_context("job", task_id):
        job = person_exports.run_export(export_id=export_id, task_id=task_id)
    return {"rows": job.rows, "size": job.size} if job else {}
