"""The admin pages of the shared taxonomy: one page per list, add and edit terms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import selectors, services
from .forms import TermCreateForm, TermUpdateForm
from .models import Term
from .usage import usage_counts
from .vocabulary import Vocabulary

DESCRIPTIONS = {
    Vocabulary.LIFE_PHASE: _(
        "Die Stationen der Präventionskette nach dem Alter der Kinder. Lebensphasen ordnen "
        "Angebote und Bedarfe in der Lückenanalyse; das Alter „ab“ und „bis“ in Monaten "
        "(Schwangerschaft: negativ) hilft beim Zuordnen."
    ),
    Vocabulary.TRANSITION: _("Übergänge zwischen den Lebensphasen, die Angebote begleiten."),
    Vocabulary.TOPIC: _("Worum es in Angeboten und Bedarfen geht."),
    Vocabulary.TARGET_GROUP: _("Für wen ein Angebot gedacht ist oder ein Bedarf besteht."),
    Vocabulary.SERVICE_KIND: _(
        "Leistungsart und Rechtsgrundlage eines Angebots: macht sichtbar, wo Angebote "
        "verschiedener Leistungsbereiche zusammenarbeiten und wo sie nebeneinander stehen."
    ),
}


def _vocabulary(value: str) -> Vocabulary:
    if value not in Vocabulary.values:
        raise Http404
    return Vocabulary(value)


class TermIndexView(TenantView):
    """The lists of the taxonomy with the number of terms in each."""

    permission = perms.manage_terms

    def get(self, request, municipality_slug):
        counts: dict[str, list[int]] = {value: [0, 0] for value in Vocabulary.values}
        rows = selectors.terms(municipality=self.municipality).values_list("vocabulary", "active")
        for vocabulary, active in rows:
            counts.setdefault(vocabulary, [0, 0])
            counts[vocabulary][0] += 1
            counts[vocabulary][1] += 1 if active else 0
        lists = [
            {
                "vocabulary": vocabulary,
                "total": counts[vocabulary.value][0],
                "active": counts[vocabulary.value][1],
                "description": DESCRIPTIONS[vocabulary],
            }
            for vocabulary in Vocabulary
        ]
        return render(request, "taxonomy/term_index.html", {"lists": lists})


class TermListView(TenantView):
    """All terms of one list, with how many offers and needs use each."""

    permission = perms.manage_terms

    def get(self, request, municipality_slug, vocabulary):
        vocabulary = _vocabulary(vocabulary)
        terms = list(selectors.terms(municipality=self.municipality, vocabulary=vocabulary))
        usages = usage_counts(municipality=self.municipality, vocabulary=vocabulary)
        rows = [
            {"term": term, "uses": [counts.get(term.pk, 0) for _usage, counts in usages]}
            for term in terms
        ]
        return render(
            request,
            "taxonomy/term_list.html",
            {
                "vocabulary": vocabulary,
                "description": DESCRIPTIONS[vocabulary],
                "usage_labels": [usage.label for usage, _counts in usages],
                "rows": rows,
                "ages": vocabulary == Vocabulary.LIFE_PHASE,
            },
        )


class TermCreateView(TenantView):
    permission = perms.manage_terms

    def get(self, request, municipality_slug, vocabulary):
        vocabulary = _vocabulary(vocabulary)
        return self.render(vocabulary, TermCreateForm(vocabulary=vocabulary))

    def post(self, request, municipality_slug, vocabulary):
        vocabulary = _vocabulary(vocabulary)
        form = TermCreateForm(request.POST, vocabulary=vocabulary)
        if form.is_valid():
            try:
                term = services.term_create(
                    actor=request.user,
                    municipality=self.municipality,
                    data={**form.cleaned_data, "vocabulary": vocabulary.value},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Der Begriff „%(label)s“ wurde angelegt (Schlüssel „%(key)s“).")
                    % {"label": term.label, "key": term.key},
                )
                return redirect("taxonomy:list", self.municipality.slug, vocabulary.value)
        return self.render(vocabulary, form, status=400)

    def render(self, vocabulary, form, status=200):
        return render(
            self.request,
            "taxonomy/term_form.html",
            {
                "form": form,
                "vocabulary": vocabulary,
                "title": _("Begriff anlegen: %(list)s") % {"list": vocabulary.label},
            },
            status=status,
        )


class TermUpdateView(TenantView):
    permission = perms.manage_terms

    def get_term(self, term_id: int) -> Term:
        try:
            return selectors.terms(municipality=self.municipality).get(pk=term_id)
        except Term.DoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, municipality_slug, term_id):
        term = self.get_term(term_id)
        return self.render(term, TermUpdateForm(instance=term))

    def post(self, request, municipality_slug, term_id):
        term = self.get_term(term_id)
        form = TermUpdateForm(request.POST, instance=term)
        if form.is_valid():
            try:
                services.term_update(
                    actor=request.user, term=self.get_term(term_id), data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("taxonomy:list", self.municipality.slug, term.vocabulary)
        return self.render(self.get_term(term_id), form, status=400)

    def render(self, term, form, status=200):
        return render(
            self.request,
            "taxonomy/term_form.html",
            {
                "form": form,
                "term": term,
                "vocabulary": Vocabulary(term.vocabulary),
                "title": _("Begriff bearbeiten: %(label)s") % {"label": term.label},
                "history": history_for(term, limit=20, access=self.access),
            },
            status=status,
        )
