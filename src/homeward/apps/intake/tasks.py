"""Background jobs of intake, run by the task queue's worker (`homeward db_worker`)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django_tasks import TaskContext, task

from homeward.apps.audit.context import audit_context
from homeward.apps.intake import services


@task(takes_context=True)
def run_import_task(context: TaskContext, batch_id: int, user_id: int) -> dict[str, int]:
    """Import a staged list as the user who confirmed it; returns its summary."""
    user = User.objects.get(pk=user_id)
    task_id = str(context.task_result.id)
    with audit_context("job", task_id):
        batch = services.run_import(actor=user, batch_id=batch_id, task_id=task_id)
    return batch.summary()


@task(takes_context=True)
def find_duplicates_task(context: TaskContext, search_id: int, user_id: int) -> dict[str, int]:
    """Search the registry for duplicates as the user who started it."""
    from homeward.apps.intake import duplicates  # it imports this module to enqueue

    user = User.objects.get(pk=user_id)
    with audit_context("job", str(context.task_result.id)):
        search = duplicates.run_duplicate_search(actor=user, search_id=search_id)
    return {"persons": search.persons, "pairs": search.pairs, "tasks": search.tasks}
