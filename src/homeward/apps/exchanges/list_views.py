"""Pages of the exchange lists: one list with its versions, entries and changes; building
ours, loading and verifying theirs, submitting and agreeing versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from homeward.apps.audit.access import disclose
from homeward.apps.exchanges import exports, list_selectors, lists, registration, selectors
from homeward.apps.exchanges.choices import LIST_KIND_HELP, ListKindChoice
from homeward.apps.exchanges.forms import CriteriaForm, TheirListForm
from homeward.apps.exchanges.models import ExchangeList, ListEntry, ListVersion
from homeward.apps.intake.models import ImportBatch, ImportStatus
from homeward.apps.registry import exports as registry_exports
from homeward.apps.registry import selectors as registry_selectors
from homeward.apps.registry.messages import unknown_cases
from homeward.apps.registry.models import Person
from homeward.core.exchanges.lists import ListKind

MAY_VIEW = selectors.MAY_VIEW
MAY_MANAGE = selectors.MAY_MANAGE


def _kind(kind: str) -> ListKind:
    try:
        return ListKind(kind)
    except ValueError:
        raise Http404(kind) from None


def _error(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for text in errors:
            messages.error(request, f"{label}: {text}" if label else str(text))


def _to_version(version: ListVersion) -> HttpResponse:
    url = reverse(
        "exchanges:list_detail",
        args=[version.exchange_list.agreement_id, version.exchange_list.kind],
    )
    return redirect(f"{url}?v={version.number}")


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def list_detail(request: HttpRequest, agreement: int, kind: str) -> HttpResponse:
    user = request.user
    found = selectors.agreement_for(user, agreement)
    list_kind = _kind(kind)
    list_selectors.require_may_see_lists(user, found)
    exchange_list = ExchangeList.objects.filter(agreement=found, kind=list_kind.value).first()
    versions = list(list_selectors.versions_of(user, exchange_list)) if exchange_list else []
    version = versions[-1] if versions else None
    if (wanted := request.GET.get("v", "")).isdigit():
        version = next((v for v in versions if v.number == int(wanted)), None)
        if version is None:
            raise Http404(wanted)
    entries = list(list_selectors.entries_for(user, version)) if version else []
    disclose(request, [entry.person_id for entry in entries])
    total = len(entries)
    to_check = [e for e in entries if e.flags or e.verdict != "confirmed"]
    only_to_check = list_kind.from_other_side and request.GET.get("check") == "1"
    if only_to_check:
        entries = to_check
    for entry in entries:
        entry.flag_words = exports.flag_words(entry.flags)  # type: ignore[attr-defined]
        entry.why = exports.why(entry) if entry.contributions else ""  # type: ignore[attr-defined]
    may_manage = selectors.can_manage(user)
    draft = version is not None and version.state == "draft"
    return render(
        request,
        "exchanges/list_detail.html",
        {
            "agreement": found,
            "kind": list_kind,
            "kind_label": ListKindChoice(list_kind.value).label,
            "kind_help": LIST_KIND_HELP[list_kind],
            "theirs": list_kind.from_other_side,
            "versions": versions,
            "version": version,
            "entries": entries,
            "to_check": len(to_check),
            "total": total,
            "only_to_check": only_to_check,
            "changes": list(list_selectors.changes_for(user, version)) if version else [],
            "may_manage": may_manage,
            "may_edit": may_manage and draft and not list_kind.from_other_side,
            "may_start": may_manage
            and not list_kind.from_other_side
            and not any(v.state == "draft" for v in versions),
            "criteria_form": CriteriaForm() if may_manage and draft else None,
            "their_form": TheirListForm() if may_manage and list_kind.from_other_side else None,
            "imports": ImportBatch.objects.filter(status=ImportStatus.DONE).order_by("-created_at")[
                :20
            ]
            if may_manage and draft and not list_kind.from_other_side
            else [],
            "may_register": may_manage
            and list_kind is ListKind.THEIR_OFFER
            and any(e.verdict == "unknown" and e.person_id is None for e in entries),
        },
    )


def _persons_by_case(request: HttpRequest, text: str) -> list[Person] | None:
    """The persons whose case numbers (one per line, or separated by commas or spaces) the
    user typed; None, with a message naming each unknown one, if any is not found."""
    numbers = text.replace(",", " ").split()
    if not numbers:
        messages.error(request, _("Type the case numbers of the persons to put on the list."))
        return None
    persons, unknown = registry_selectors.persons_by_case_numbers(request.user, numbers)
    if unknown:
        messages.error(request, unknown_cases(unknown))
        return None
    return persons


def _version_action(
    request: HttpRequest, pk: int, action: Callable[[ListVersion], str | None]
) -> HttpResponse:
    version = list_selectors.version_for(request.user, pk)
    try:
        if done := action(version):
            messages.success(request, done)
    except ValidationError as exc:
        _error(request, exc)
    return _to_version(list_selectors.version_for(request.user, pk))


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def start_version(request: HttpRequest, agreement: int, kind: str) -> HttpResponse:
    found = selectors.agreement_for(request.user, agreement)
    try:
        version = lists.start_version(actor=request.user, agreement=found, kind=_kind(kind).value)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("exchanges:list_detail", agreement=agreement, kind=kind)
    return _to_version(version)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def load_their_list(request: HttpRequest, agreement: int, kind: str) -> HttpResponse:
    found = selectors.agreement_for(request.user, agreement)
    form = TheirListForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("exchanges:list_detail", agreement=agreement, kind=kind)
    upload = form.cleaned_data["file"]
    try:
        version = lists.load_their_list(
            actor=request.user,
            agreement=found,
            kind=_kind(kind).value,
            file_name=upload.name,
            content=upload.read(),
            note=form.cleaned_data["note"],
            default_category=form.cleaned_data["default_category"],
        )
    except ValidationError as exc:
        _error(request, exc)
        return redirect("exchanges:list_detail", agreement=agreement, kind=kind)
    count = version.entries.count()
    messages.success(
        request,
        ngettext(
            "Version %(number)d loaded and verified: %(count)d entry.",
            "Version %(number)d loaded and verified: %(count)d entries.",
            count,
        )
        % {"number": version.number, "count": count},
    )
    return _to_version(version)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def add_persons(request: HttpRequest, pk: int) -> HttpResponse:
    def add(version: ListVersion) -> str | None:
        persons = _persons_by_case(request, request.POST.get("case_numbers", ""))
        if persons is None:
            return None
        priority = request.POST.get("priority", "0")
        added = lists.add_persons(
            actor=request.user,
            version_id=version.pk,
            persons=persons,
            priority=int(priority) if priority.isdigit() else 0,
            reason=request.POST.get("reason", ""),
        )
        return ngettext(
            "%(count)d person put on the list.", "%(count)d persons put on the list.", len(added)
        ) % {"count": len(added)}

    return _version_action(request, pk, add)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def add_by_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    def add(version: ListVersion) -> str | None:
        form = CriteriaForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        result = lists.add_by_criteria(
            actor=request.user,
            version_id=version.pk,
            criteria=form.criteria(),
            priority=form.cleaned_data["priority"] or 0,
            reason=form.cleaned_data["reason"],
        )
        return _added_text(result)

    return _version_action(request, pk, add)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def remove_entries(request: HttpRequest, pk: int) -> HttpResponse:
    def remove(version: ListVersion) -> str:
        ids = [int(x) for x in request.POST.getlist("entry") if x.isdigit()]
        count = lists.remove_entries(
            actor=request.user,
            version_id=version.pk,
            entry_ids=ids,
            reason=request.POST.get("reason", ""),
        )
        return ngettext(
            "%(count)d person taken off the list.", "%(count)d persons taken off the list.", count
        ) % {"count": count}

    return _version_action(request, pk, remove)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def substitute(request: HttpRequest, pk: int) -> HttpResponse:
    def swap(version: ListVersion) -> str | None:
        persons = _persons_by_case(request, request.POST.get("case_number", ""))
        entry = request.POST.get("entry", "")
        if persons is None or not entry.isdigit():
            return None
        new = lists.substitute(
            actor=request.user,
            version_id=version.pk,
            entry_id=int(entry),
            person=persons[0],
            reason=request.POST.get("reason", ""),
        )
        return _("%(person)s put on the list instead of %(replaced)s.") % {
            "person": new.person,
            "replaced": new.replaces,
        }

    return _version_action(request, pk, swap)


def _step(step: Callable[..., Any], done: Promise) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @permission_required(MAY_MANAGE, raise_exception=True)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        def act(version: ListVersion) -> str:
            step(actor=request.user, version_id=version.pk)
            return str(done)

        return _version_action(request, pk, act)

    return view


submit_version = _step(
    lists.submit_version, gettext_lazy("The version is submitted: it no longer changes.")
)
agree_version = _step(
    lists.agree_version,
    gettext_lazy("The version is agreed: its persons are on the exchange list."),
)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def decide_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ListEntry.objects.select_related("version"), pk=pk)
    version = list_selectors.version_for(request.user, entry.version_id)
    person = None
    if request.POST.get("decision") != "unknown":
        persons = _persons_by_case(request, request.POST.get("case_number", ""))
        if persons is None:
            return _to_version(version)
        person = persons[0]
    try:
        lists.decide_entry(actor=request.user, entry_id=pk, person=person)
    except ValidationError as exc:
        _error(request, exc)
    url = _to_version(version)["Location"]
    return redirect(f"{url}#entry-{pk}")


@login_required
@permission_required(MAY_VIEW, raise_exception=True)
@require_GET
def export_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = list_selectors.version_for(request.user, pk)
    entries = list(list_selectors.entries_for(request.user, version))
    content = registry_exports.to_xlsx(exports.rows(version, entries))
    lists.record_export(actor=request.user, version=version, count=len(entries))
    kind = version.exchange_list.kind
    name = f"agreement-{version.exchange_list.agreement_id}-{kind}-v{version.number}.xlsx"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def register_unknown(request: HttpRequest, pk: int) -> HttpResponse:
    def register(version: ListVersion) -> str:
        persons = registration.register_unknown(actor=request.user, version_id=version.pk)
        return ngettext(
            "%(count)d person registered as ours, confirmed in captivity by this list.",
            "%(count)d persons registered as ours, confirmed in captivity by this list.",
            len(persons),
        ) % {"count": len(persons)}

    return _version_action(request, pk, register)


@login_required
@permission_required(MAY_MANAGE, raise_exception=True)
@require_POST
def add_from_import(request: HttpRequest, pk: int) -> HttpResponse:
    def add(version: ListVersion) -> str | None:
        batch = request.POST.get("batch", "")
        if not batch.isdigit():
            messages.error(request, _("Choose an import."))
            return None
        priority = request.POST.get("priority", "0")
        result = lists.add_from_import(
            actor=request.user, version_id=version.pk, batch_id=int(batch),
            priority=int(priority) if priority.isdigit() else 0,
            reason=request.POST.get("reason", ""),
        )  # fmt: skip
        return _added_text(result)

    return _version_action(request, pk, add)


def _added_text(result: lists.CriteriaResult) -> str:
    text = ngettext(
        "%(count)d person put on the list.", "%(count)d persons put on the list.",
        len(result.added),
    ) % {"count": len(result.added)}  # fmt: skip
    if result.skipped:
        left = "; ".join(f"{reason}: {n}" for reason, n in result.skipped.items())
        text += " " + _("Left out: %(reasons)s.") % {"reasons": left}
    return text
