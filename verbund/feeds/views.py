"""Pages of the feed import (planner): the sources, a new source with its first import, one
source (its runs, a new import, its offers and their release), one run (progress, errors,
term mapping, commit)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbund.core.tenant_views import TenantView

from . import selectors, services
from .forms import MappingForm, PackageForm, SourceForm
from .models import FeedRun, FeedSource, RunStatus, SourceKind
from .permissions import import_feeds

ERRORS_SHOWN = 200
OFFERS_PER_PAGE = 50


class SourceListView(TenantView):
    permission = import_feeds

    def get(self, request, municipality_slug):
        return render(
            request,
            "feeds/source_list.html",
            {"sources": selectors.sources(municipality=self.municipality)},
        )


class SourceCreateView(TenantView):
    permission = import_feeds

    def form(self, *args):
        return SourceForm(*args, municipality=self.municipality, access=self.access)

    def get(self, request, municipality_slug):
        return render(request, "feeds/source_form.html", {"form": self.form()})

    def post(self, request, municipality_slug):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                source = services.source_create(
                    actor=request.user, municipality=self.municipality, data=data
                )
                run = services.run_start(actor=request.user, source=source, upload=data.get("file"))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("feeds:run", self.municipality.slug, run.pk)
        return render(request, "feeds/source_form.html", {"form": form}, status=400)


class SourceView(TenantView):
    permission = import_feeds

    def source(self, feed_source_id) -> FeedSource:
        try:
            return selectors.source(municipality=self.municipality, pk=feed_source_id)
        except FeedSource.DoesNotExist as error:
            raise Http404 from error

    def page(self, source, form=None, status=200):
        offers = Paginator(selectors.imported_offers(source=source), OFFERS_PER_PAGE)
        return render(
            self.request,
            "feeds/source_detail.html",
            {
                "source": source,
                "runs": selectors.runs(source=source)[:10],
                "form": form or PackageForm(),
                "offers": offers.get_page(self.request.GET.get("seite")),
                "counts": selectors.imported_counts(source=source),
            },
            status=status,
        )

    def get(self, request, municipality_slug, feed_source_id):
        return self.page(self.source(feed_source_id))

    def post(self, request, municipality_slug, feed_source_id):
        source = self.source(feed_source_id)
        action = request.POST.get("action")
        if action in ("release", "withdraw"):
            ids = [
                int(v)
                for v in request.POST.getlist("angebot")
                if v.isascii() and v.isdecimal() and len(v) <= 18  # beyond: no such row
            ]
            if not ids:
                messages.error(request, _("Bitte wählen Sie mindestens ein Angebot."))
                return redirect("feeds:source", self.municipality.slug, source.pk)
            count = services.offers_release(
                actor=request.user, source=source, offer_ids=ids, release=action == "release"
            )
            if action == "release":
                text = ngettext(
                    "%(count)s Angebot ist jetzt für Familien sichtbar.",
                    "%(count)s Angebote sind jetzt für Familien sichtbar.",
                    count,
                )
            else:
                text = ngettext(
                    "%(count)s Angebot ist jetzt nur im Netzwerk sichtbar.",
                    "%(count)s Angebote sind jetzt nur im Netzwerk sichtbar.",
                    count,
                )
            messages.success(request, text % {"count": count})
            return redirect("feeds:source", self.municipality.slug, source.pk)
        upload = None
        if source.kind == SourceKind.PACKAGE:
            form = PackageForm(request.POST, request.FILES)
            if not form.is_valid():
                return self.page(source, form, status=400)
            upload = form.cleaned_data["file"]
        try:
            run = services.run_start(actor=request.user, source=source, upload=upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("feeds:source", self.municipality.slug, source.pk)
        return redirect("feeds:run", self.municipality.slug, run.pk)


class RunView(TenantView):
    permission = import_feeds

    def run(self, feed_run_id) -> FeedRun:
        try:
            return selectors.run(municipality=self.municipality, pk=feed_run_id)
        except FeedRun.DoesNotExist as error:
            raise Http404 from error

    def page(self, run, mapping=None, status=200):
        report = run.report or {}
        unmapped = report.get("unmapped", {})
        if mapping is None and unmapped and run.status == RunStatus.INVALID:
            mapping = MappingForm(municipality=self.municipality, unmapped=unmapped)
        return render(
            self.request,
            "feeds/run_detail.html",
            {
                "run": run,
                "source": run.source,
                "report": report,
                "errors": report.get("errors", [])[:ERRORS_SHOWN],
                "more_errors": max(0, report.get("error_count", 0) - ERRORS_SHOWN),
                "new_count": len(report.get("values", {})),
                "result": report.get("result"),
                "mapping": mapping,
                "running": run.status == RunStatus.FETCHING,
            },
            status=status,
        )

    def get(self, request, municipality_slug, feed_run_id):
        return self.page(self.run(feed_run_id))

    def post(self, request, municipality_slug, feed_run_id):
        run = self.run(feed_run_id)
        action = request.POST.get("action")
        if action == "map":
            form = MappingForm(
                request.POST,
                municipality=self.municipality,
                unmapped=(run.report or {}).get("unmapped", {}),
            )
            if not form.is_valid():
                return self.page(run, form, status=400)
            try:
                services.mapping_save(actor=request.user, run=run, choices=form.mapping())
            except ValidationError as error:
                form.add_error(None, error)
                return self.page(run, form, status=400)
            messages.success(request, _("Die Zuordnung ist gespeichert und gilt auch künftig."))
            return redirect("feeds:run", self.municipality.slug, run.pk)
        if action == "commit":
            try:
                counts = services.run_commit(actor=request.user, run=run)
            except ValidationError as error:
                messages.error(
                    request,
                    _("Es wurde nichts gespeichert: %(reason)s")
                    % {"reason": " ".join(error.messages)},
                )
                return redirect("feeds:run", self.municipality.slug, run.pk)
            messages.success(
                request,
                _(
                    "Übernommen: %(created)s neu, %(updated)s aktualisiert, %(withdrawn)s "
                    "nicht mehr in der Quelle (beendet)."
                )
                % counts,
            )
            return redirect("feeds:source", self.municipality.slug, run.source_id)
        raise Http404
