from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.tenant_views import TenantView
from verbund.core.uploads import read_limited

from .. import permissions as perms
from .. import selectors, services
from ..forms import HolidayImportForm
from ..holidays_ical import MAX_BYTES, ParsedHoliday, parse_holidays
from ..models import HolidayPeriod

SALT = "verbund.rooms.holidays-preview"
MAX_AGE = 3600


def _payload(periods: list[ParsedHoliday], source: str, municipality_id: int) -> str:
    return signing.dumps(
        {
            "m": municipality_id,
            "source": source,
            "periods": [
                [p.line, p.name, p.first_day.isoformat(), p.last_day.isoformat()] for p in periods
            ],
        },
        salt=SALT,
        compress=True,
    )


def _periods(token: str, municipality_id: int) -> tuple[list[ParsedHoliday], str] | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("m") != municipality_id:
        return None
    periods = [
        ParsedHoliday(line, name, date.fromisoformat(first), date.fromisoformat(last))
        for line, name, first, last in data["periods"]
    ]
    return periods, data.get("source", "")


class HolidayImportView(TenantView):
    """The municipality's school holidays: the list, an iCal upload with a preview, and the
    import of the previewed periods (all or nothing)."""

    permission = perms.manage_holidays

    def get(self, request, municipality_slug):
        return self.render(HolidayImportForm())

    def post(self, request, municipality_slug):
        if "payload" in request.POST:
            return self.confirm(request)
        form = HolidayImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            data = read_limited(upload, MAX_BYTES)
        except ValidationError as error:
            form.add_error("file", error)
            return self.render(form, status=400)
        result = parse_holidays(data)
        if not result.ok:
            for message in result.errors or [_("Die Datei enthält keine Ferienzeiten.")]:
                form.add_error("file", message)
            return self.render(form, status=400, result=result)
        known = set(
            selectors.holiday_list(municipality=self.municipality).values_list(
                "first_day", "last_day"
            )
        )
        return self.render(
            HolidayImportForm(),
            result=result,
            known=known,
            source=upload.name,
            payload=_payload(result.periods, upload.name[:200], self.municipality.pk),
        )

    def confirm(self, request):
        unpacked = _periods(request.POST.get("payload", ""), self.municipality.pk)
        if unpacked is None:
            messages.error(
                request, _("Die Vorschau ist abgelaufen. Bitte die Datei noch einmal hochladen.")
            )
            return redirect("rooms:holidays", self.municipality.slug)
        periods, source = unpacked
        created, skipped = services.holidays_import(
            actor=request.user, municipality=self.municipality, periods=periods, source=source
        )
        messages.success(
            request,
            _("%(created)s Ferienzeiten übernommen, %(skipped)s waren schon vorhanden.")
            % {"created": len(created), "skipped": skipped},
        )
        return redirect("rooms:holidays", self.municipality.slug)

    def render(self, form, status=200, **extra):
        result = extra.get("result")
        known = extra.get("known", set())
        preview = (
            [(p, (p.first_day, p.last_day) in known) for p in result.periods] if result else []
        )
        return render(
            self.request,
            "rooms/holidays.html",
            {
                "form": form,
                "holidays": selectors.holiday_list(municipality=self.municipality),
                "preview": preview,
                "errors": result.errors if result else [],
                **extra,
            },
            status=status,
        )


class HolidayDeleteView(TenantView):
    permission = perms.manage_holidays

    def get_period(self, pk) -> HolidayPeriod:
        try:
            return selectors.holiday_get(municipality=self.municipality, pk=pk)
        except HolidayPeriod.DoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, municipality_slug, holiday_id):
        period = self.get_period(holiday_id)
        return render(request, "rooms/holiday_confirm_delete.html", {"period": period})

    def post(self, request, municipality_slug, holiday_id):
        period = self.get_period(holiday_id)
        services.holiday_delete(actor=request.user, period=period)
        messages.success(request, _("Die Ferienzeit wurde gelöscht."))
        return redirect("rooms:holidays", self.municipality.slug)
