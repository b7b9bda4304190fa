"""The certificate of captivity and payments a family receives: who, captured when and
where, home when and how, the days in captivity, what the rules entitle them to line by
line, and what has been paid. A PDF in the user's language (Ukrainian by default), set in
DejaVu Sans (vendored from the npm registry, ADR 3); every issue is an audit entry."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from homeward.apps.audit import services as audit
from homeward.apps.common.messages import translate_stored
from homeward.apps.common.permissions import Actor, Perm, require
from homeward.apps.payments.models import Entitlement, Payment
from homeward.apps.returns.models import ReturnCase
from homeward.core.compensation import captivity_period
from homeward.core.dates import PartialDate, Precision

MAY_ISSUE = Perm.ISSUE_CERTIFICATE
FONTS = files("homeward") / "static" / "vendor" / "dejavu"


def _day(value: PartialDate) -> str:
    if value.value is None:
        return _("unknown")
    if value.precision is Precision.YEAR:
        return str(value.value.year)
    if value.precision is Precision.MONTH:
        return value.value.strftime("%m.%Y")
    return date_format(value.value, "SHORT_DATE_FORMAT")


def _how(case: ReturnCase) -> str:
    if case.stage_member is None:
        return str(case.get_release_display())
    stage = case.stage_member.stage
    return _("exchange “%(agreement)s”, stage %(number)d of %(date)s") % {
        "agreement": stage.agreement.title, "number": stage.number,
        "date": date_format(stage.date, "SHORT_DATE_FORMAT")}  # fmt: skip


class _Document(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 20, 20)
        self.add_page()

    def line_of(self, text: str, size: int = 10, bold: bool = False, gap: float = 1.5) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def facts(self, rows: list[tuple[str, str]]) -> None:
        self.set_font("DejaVu", "", 10)
        with self.table(col_widths=(55, 115), first_row_as_headings=False,
                        borders_layout="NONE", line_height=6) as table:  # fmt: skip
            for label, value in rows:
                row = table.row()
                row.cell(label)
                row.cell(value)
        self.ln(3)


def reference(case: ReturnCase, on: dt.date) -> str:
    return f"{case.person.case_number}/{case.pk}-{on:%Y%m%d}"


def render(case: ReturnCase, user: User, today: dt.date) -> bytes:
    """The certificate as PDF bytes (nothing is recorded: see `issue`)."""
    person = case.person
    row = Entitlement.objects.filter(case=case).first()
    payment = Payment.objects.filter(entitlement=row).first() if row else None
    pdf = _Document()
    pdf.set_title(_("Certificate of captivity and payments"))
    pdf.set_creator("Homeward")
    pdf.line_of(_("Coordination Headquarters for the Treatment of Prisoners of War"), 9)
    pdf.line_of(_("Certificate of captivity and payments"), 15, bold=True, gap=1)
    pdf.line_of(_("No. %(reference)s of %(date)s") % {
        "reference": reference(case, today), "date": date_format(today, "SHORT_DATE_FORMAT")},
        9, gap=5)  # fmt: skip
    period = captivity_period(person.captured, case.returned)
    pdf.facts([
        (_("Full name"), person.full_name),
        (_("Date of birth"), _day(person.birth)),
        (_("Case number"), person.case_number),
        (_("Captured"), ", ".join(p for p in (_day(person.captured), person.capture_place) if p)),
        (_("Came home"), f"{_day(case.returned)}, {_how(case)}"),
        (_("Days in captivity"), str(row.days if row else period.days)),
    ])  # fmt: skip
    pdf.line_of(_("Payments for the time in captivity"), 12, bold=True)
    if row is None:
        pdf.line_of(_("The entitlement has not been computed yet."))
    else:
        for line in row.lines:
            pdf.line_of(f"{line['amount']} {_('UAH')} — {translate_stored(line['explanation'])}",
                        gap=0.5)  # fmt: skip
        pdf.line_of(_("Total: %(total)s UAH") % {"total": row.total}, bold=True, gap=3)
        if payment is not None:
            pdf.line_of(_("Paid on %(date)s, payment batch %(batch)s: %(amount)s UAH.") % {
                "date": date_format(timezone.localtime(payment.approved_at).date(),
                                    "SHORT_DATE_FORMAT"),
                "batch": payment.batch_id, "amount": payment.amount})  # fmt: skip
        else:
            pdf.line_of(_("Not paid yet."))
    pdf.ln(8)
    pdf.line_of(_("Issued by %(who)s from the records of the headquarters' registry.")
                % {"who": user.get_full_name() or user.get_username()}, 9)  # fmt: skip
    return bytes(pdf.output())


@transaction.atomic
def issue(*, actor: Actor, case_id: int) -> bytes:
    """The certificate for the family; the issue is audited (it discloses the figures)."""
    actor = require(actor, MAY_ISSUE, refusal=_("You may not issue certificates."))
    case = ReturnCase.objects.select_related("person", "stage_member__stage__agreement").get(
        pk=case_id
    )
    today = timezone.localdate()
    content = render(case, actor, today)
    audit.record(actor=actor, action="certificate.issue", object_type="return_case",
                 object_id=case.pk, object_repr=str(case),
                 after={"reference": reference(case, today), "bytes": len(content)})  # fmt: skip
    return content


def download(*, actor: Actor, case: ReturnCase) -> HttpResponse:
    """The issued certificate as a file to download (pages and API alike)."""
    response = HttpResponse(issue(actor=actor, case_id=case.pk), content_type="application/pdf")
    name = f"certificate-{case.person.case_number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
