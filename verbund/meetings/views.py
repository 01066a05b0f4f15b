from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_scopes import scope, scopes_disabled

from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.params import int_param
from verbund.core.permissions import PUBLIC
from verbund.core.tenant_views import TenantView, deny

from . import archive, invitations, rules, selectors, services
from . import permissions as perms
from .content import compare
from .forms import (
    ActionDoneForm,
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    CorrectionForm,
    DecisionForm,
    DecisionSearchForm,
    MeetingForm,
    ReaderForm,
)
from .models import ActionItem, AgendaItem, Meeting, MinutesStatus
from .task_sources import task_groups


class MeetingMixin:
    def get_meeting(self, pk: int, *, manage: bool = False) -> Meeting:
        try:
            meeting = selectors.meeting_get(municipality=self.municipality, pk=pk)
        except Meeting.DoesNotExist as exc:
            raise Http404 from exc
        self.require(perms.view_meeting, meeting)
        if manage and not rules.may_manage(self.access, meeting):
            deny(self.request, perms.manage_meeting, meeting)
        return meeting

    def to_detail(self, meeting, anchor=""):
        url = reverse("meetings:meeting_detail", args=[self.municipality.slug, meeting.pk])
        return redirect(url + anchor)

    def refuse_approved(self, meeting) -> bool:
        if meeting.is_approved:
            messages.error(
                self.request,
                _(
                    "Das Protokoll ist genehmigt und kann nicht mehr geändert werden. Beginnen "
                    "Sie eine Korrektur, um eine neue Fassung zu erstellen."
                ),
            )
            return True
        return False


class MeetingListView(TenantView):
    permission = perms.view_meeting

    def get(self, request, municipality_slug):
        body_id = int_param(request.GET, "gremium")
        meetings = list(
            selectors.meeting_list(
                municipality=self.municipality, access=self.access, body_id=body_id
            )
        )
        today = timezone.localdate()
        upcoming = sorted(
            (m for m in meetings if m.date >= today), key=lambda m: (m.date, m.start_time)
        )
        past = [m for m in meetings if m.date < today]
        return render(
            request,
            "meetings/meeting_list.html",
            {
                "upcoming": upcoming,
                "past": past,
                "bodies": selectors.body_choices(
                    municipality=self.municipality, access=self.access
                ),
                "body_id": body_id,
                "can_create": self.access.can(perms.manage_meeting),
            },
        )


class MeetingCreateView(TenantView):
    permission = perms.manage_meeting

    def get(self, request, municipality_slug):
        initial = {
            "date": timezone.localdate(),
            "body": int_param(request.GET, "gremium"),
            "circle": int_param(request.GET, "runde"),
        }
        form = MeetingForm(access=self.access, initial=initial)
        return render(request, "meetings/meeting_form.html", {"form": form})

    def post(self, request, municipality_slug):
        form = MeetingForm(request.POST, access=self.access)
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Sitzung ist angelegt."))
                return redirect("meetings:meeting_detail", self.municipality.slug, meeting.pk)
        return render(request, "meetings/meeting_form.html", {"form": form}, status=400)


class MeetingUpdateView(MeetingMixin, TenantView):
    permission = perms.manage_meeting

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        form = MeetingForm(instance=meeting, access=self.access)
        return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})

    def post(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        form = MeetingForm(request.POST, instance=meeting, access=self.access)
        if form.is_valid():
            try:
                services.meeting_update(actor=request.user, meeting=meeting, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Sitzung ist gespeichert."))
                return self.to_detail(meeting)
        return render(
            request,
            "meetings/meeting_form.html",
            {"form": form, "meeting": meeting},
            status=400,
        )


class MeetingDetailView(MeetingMixin, TenantView):
    permission = perms.view_meeting

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id)
        can_read = rules.may_read_minutes(self.access, request.user, meeting)
        deliveries = list(selectors.deliveries(meeting)) if can_read else []
        versions = list(meeting.versions.all())
        agenda = list(meeting.agenda.all())
        documents, item_documents = archive.meeting_documents(meeting, agenda, access=self.access)
        for item in agenda:
            item.documents = item_documents.get(item.pk, [])
        return render(
            request,
            "meetings/meeting_detail.html",
            {
                "meeting": meeting,
                "agenda": agenda,
                "documents": documents,
                "carried": list(
                    selectors.carried_actions(meeting, access=self.access, user=request.user)
                ),
                "attendance": list(meeting.attendance.all()),
                "can_manage": rules.may_manage(self.access, meeting),
                "can_read_minutes": can_read,
                "deliveries": deliveries,
                "latest_version": versions[-1] if versions else None,
                "invitations": list(meeting.invitations.all()),
                "history": history_for(meeting, limit=20, access=self.access),
            },
        )


class MinutesView(MeetingMixin, TenantView):
    """The minutes: notes per item, decisions, action items; the workflow buttons; the
    versions with the difference of a correction."""

    permission = perms.view_meeting

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id)
        if not rules.may_read_minutes(self.access, request.user, meeting):
            deny(request, perms.view_meeting, meeting)
        versions = list(meeting.versions.all())
        changes = None
        if len(versions) > 1:
            changes = [c for c in compare(versions[-2].content, versions[-1].content) if c.changed]
        can_manage = rules.may_manage(self.access, meeting)
        return render(
            request,
            "meetings/minutes.html",
            {
                "meeting": meeting,
                "agenda": list(meeting.agenda.all()),
                "decisions": list(meeting.decisions.all()),
                "actions": list(meeting.actions.all()),
                "versions": versions,
                "changes": changes,
                "can_manage": can_manage,
                "next_states": [
                    (state, MinutesStatus(state).label)
                    for state in [
                        MinutesStatus.DRAFT,
                        MinutesStatus.CIRCULATED,
                        MinutesStatus.APPROVED,
                    ]
                    if state in services.TRANSITIONS[meeting.minutes_status]
                ]
                if can_manage
                else [],
                "correction_form": CorrectionForm() if can_manage and meeting.is_approved else None,
            },
        )


class MinutesStatusView(MeetingMixin, TenantView):
    permission = perms.manage_meeting

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        return redirect("meetings:minutes", self.municipality.slug, meeting.pk)

    def post(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        to = request.POST.get("to", "")
        try:
            services.minutes_transition(actor=request.user, meeting=meeting, to=to)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if to == MinutesStatus.APPROVED:
                messages.success(
                    request,
                    _("Das Protokoll ist genehmigt; die Abwesenden bekommen es per E-Mail."),
                )
            else:
                messages.success(request, _("Der Stand des Protokolls ist geändert."))
        return redirect("meetings:minutes", self.municipality.slug, meeting.pk)


class MinutesCorrectView(MeetingMixin, TenantView):
    permission = perms.manage_meeting

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        return redirect("meetings:minutes", self.municipality.slug, meeting.pk)

    def post(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        form = CorrectionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Bitte geben Sie den Grund der Korrektur an."))
        else:
            try:
                services.minutes_correct(
                    actor=request.user, meeting=meeting, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("Die Korrektur ist begonnen; genehmigen Sie danach die neue Fassung."),
                )
        return redirect("meetings:minutes", self.municipality.slug, meeting.pk)


class FormPageMixin(MeetingMixin):
    """A form on a meeting that only those managing it use; refused after approval."""

    permission = perms.manage_meeting
    template = "meetings/simple_form.html"
    title = ""

    def page(self, meeting, form, status=200, **extra):
        return render(
            self.request,
            self.template,
            {"meeting": meeting, "form": form, "title": self.title, **extra},
            status=status,
        )


class AgendaCreateView(FormPageMixin, TenantView):
    title = _("Tagesordnungspunkt hinzufügen")

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        return self.page(meeting, AgendaItemForm(meeting=meeting))

    def post(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        form = AgendaItemForm(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                services.agenda_item_create(
                    actor=request.user, meeting=meeting, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.to_detail(meeting, "#tagesordnung")
        return self.page(meeting, form, status=400)


class AgendaUpdateView(FormPageMixin, TenantView):
    title = _("Tagesordnungspunkt und Protokollnotiz")

    def get_item(self, meeting, agenda_item_id) -> AgendaItem:
        for item in meeting.agenda.all():
            if item.pk == agenda_item_id:
                return item
        raise Http404

    def get(self, request, municipality_slug, meeting_id, agenda_item_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        item = self.get_item(meeting, agenda_item_id)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        return self.page(meeting, AgendaItemForm(instance=item, meeting=meeting), item=item)

    def post(self, request, municipality_slug, meeting_id, agenda_item_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        item = self.get_item(meeting, agenda_item_id)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        form = AgendaItemForm(request.POST, instance=item, meeting=meeting)
        if form.is_valid():
            try:
                services.agenda_item_update(actor=request.user, item=item, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("meetings:minutes", self.municipality.slug, meeting.pk)
        return self.page(meeting, form, status=400, item=item)


class AttendanceView(FormPageMixin, TenantView):
    template = "meetings/attendance_form.html"
    title = _("Anwesenheit erfassen")

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        return self.page(meeting, AttendanceForm(meeting=meeting, access=self.access))

    def post(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        form = AttendanceForm(request.POST, meeting=meeting, access=self.access)
        if form.is_valid():
            try:
                services.attendance_record(
                    actor=request.user,
                    meeting=meeting,
                    statuses=form.statuses(),
                    guests=form.guest_names(),
                    **form.parties(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Anwesenheit ist gespeichert."))
                return self.to_detail(meeting, "#anwesenheit")
        return self.page(meeting, form, status=400)


class DecisionCreateView(FormPageMixin, TenantView):
    title = _("Beschluss erfassen")

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        return self.page(meeting, DecisionForm(meeting=meeting))

    def post(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        form = DecisionForm(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                decision = services.decision_create(
                    actor=request.user,
                    meeting=meeting,
                    text=form.cleaned_data["text"],
                    agenda_item=form.cleaned_data["agenda_item"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Beschluss Nr. %(number)s ist erfasst.") % {"number": decision.number},
                )
                return redirect("meetings:minutes", self.municipality.slug, meeting.pk)
        return self.page(meeting, form, status=400)


class ActionCreateView(FormPageMixin, TenantView):
    title = _("Aufgabe erfassen")

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        return self.page(meeting, ActionItemForm(meeting=meeting, access=self.access))

    def post(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        form = ActionItemForm(request.POST, meeting=meeting, access=self.access)
        if form.is_valid():
            try:
                services.action_create(actor=request.user, meeting=meeting, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Aufgabe ist erfasst."))
                return redirect("meetings:minutes", self.municipality.slug, meeting.pk)
        return self.page(meeting, form, status=400)


class DecisionListView(TenantView):
    permission = perms.view_meeting

    def get(self, request, municipality_slug):
        form = DecisionSearchForm(request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        body_id = int_param(request.GET, "gremium")
        decisions = selectors.decision_search(
            municipality=self.municipality,
            access=self.access,
            user=request.user,
            query=query,
            body_id=body_id,
        )[:200]
        return render(
            request,
            "meetings/decision_list.html",
            {"form": form, "decisions": list(decisions), "query": query},
        )


class MyTasksView(TenantView):
    permission = perms.view_meeting

    def get(self, request, municipality_slug):
        actions = list(
            selectors.my_open_actions(
                municipality=self.municipality,
                access=self.access,
                user=request.user,
                series_ids=selectors.readable_series_ids(
                    municipality=self.municipality, access=self.access
                ),
            )
        )
        other_tasks = task_groups(
            municipality=self.municipality, access=self.access, user=request.user
        )
        return render(
            request,
            "meetings/my_tasks.html",
            {
                "actions": actions,
                "other_tasks": other_tasks,
                "today": timezone.localdate(),
                "form": ActionDoneForm(),
            },
        )


class ActionDoneView(TenantView):
    permission = perms.view_meeting

    def get_action(self, action_item_id, *, change: bool = True) -> ActionItem:
        try:
            action = self.access.narrow(
                perms.view_meeting,
                ActionItem.objects.filter(municipality=self.municipality).select_related(
                    *selectors.ACTION_RELATED
                ),
            ).get(pk=action_item_id)
        except ActionItem.DoesNotExist as exc:
            raise Http404 from exc
        action.may_change = action.owner_user_id == self.request.user.pk or rules.may_manage(
            self.access, action.meeting
        )
        if change and not action.may_change:
            deny(self.request, perms.manage_meeting, action)
        return action

    def get(self, request, municipality_slug, action_item_id):
        # Everyone who reads the meeting sees the item; only its owner and those managing the
        # meeting get the form.
        action = self.get_action(action_item_id, change=False)
        return render(
            request, "meetings/action_done.html", {"action": action, "form": ActionDoneForm()}
        )

    def post(self, request, municipality_slug, action_item_id):
        action = self.get_action(action_item_id)
        form = ActionDoneForm(request.POST)
        if form.is_valid():
            try:
                services.action_done(
                    actor=request.user, action=action, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Die Aufgabe ist erledigt."))
            return redirect("meetings:my_tasks", self.municipality.slug)
        return render(
            request,
            "meetings/action_done.html",
            {"action": action, "form": form},
            status=400,
        )


class OverdueView(TenantView):
    permission = perms.view_meeting

    def get(self, request, municipality_slug):
        today = timezone.localdate()
        return render(
            request,
            "meetings/overdue.html",
            {
                "groups": selectors.overdue_by_series(
                    municipality=self.municipality,
                    access=self.access,
                    user=request.user,
                    today=today,
                ),
                "today": today,
            },
        )


class InviteView(MeetingMixin, TenantView):
    permission = perms.manage_meeting

    def get(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        return self.to_detail(meeting, "#einladungen")

    def post(self, request, municipality_slug, meeting_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        try:
            added = invitations.invitations_send(actor=request.user, meeting=meeting)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if added:
                messages.success(
                    request,
                    _("%(n)s Einladungen werden versendet.") % {"n": added},
                )
            else:
                messages.info(request, _("Alle mit E-Mail-Adresse sind schon eingeladen."))
        return self.to_detail(meeting, "#einladungen")


class RsvpView(View):
    """The personal answer link of an invitation: no login, a German message for a forged,
    expired or used link."""

    permission = PUBLIC
    # The personal link grants its invitation (meeting, name) to whoever holds the URL: that
    # is its point (see the isolation test).
    public_data = True

    def load(self, token):
        with scopes_disabled():
            try:
                return invitations.invitation_for(token), ""
            except invitations.InvalidLink as problem:
                return None, str(problem)

    def page(self, request, invitation, problem="", status=200, done=""):
        return render(
            request,
            "meetings/rsvp.html",
            {
                "invitation": invitation,
                "meeting": invitation.meeting if invitation else None,
                "problem": problem,
                "done": done,
            },
            status=status,
        )

    def get(self, request, rsvp_token):
        invitation, problem = self.load(rsvp_token)
        if invitation is None:
            return self.page(request, None, problem, status=400)
        return self.page(request, invitation)

    def post(self, request, rsvp_token):
        invitation, problem = self.load(rsvp_token)
        if invitation is None:
            return self.page(request, None, problem, status=400)
        with scope(municipality=invitation.municipality_id):
            try:
                invitation = invitations.rsvp_answer(
                    invitation=invitation, answer=request.POST.get("antwort", "")
                )
            except ValidationError as error:
                return self.page(request, invitation, " ".join(error.messages), status=400)
        return self.page(request, invitation, done=invitation.get_answer_display())


class ReadersView(TenantView):
    """The standing readers of a body: they get every approved minutes by mail."""

    permission = perms.manage_meeting

    def get_body(self, body_id):
        from verbund.network.models import Body

        try:
            body = Body.objects.filter(municipality=self.municipality).get(pk=body_id)
        except Body.DoesNotExist as exc:
            raise Http404 from exc
        self.require(perms.manage_meeting, body)
        return body

    def page(self, body, form, status=200):
        readers = body.standing_readers.select_related("user", "contact__organisation")
        return render(
            self.request,
            "meetings/readers.html",
            {"body": body, "form": form, "readers": list(readers)},
            status=status,
        )

    def get(self, request, municipality_slug, body_id):
        body = self.get_body(body_id)
        return self.page(body, ReaderForm(body=body, access=self.access))

    def post(self, request, municipality_slug, body_id):
        body = self.get_body(body_id)
        form = ReaderForm(request.POST, body=body, access=self.access)
        if form.is_valid():
            try:
                services.reader_add(
                    actor=request.user,
                    body=body,
                    user=form.cleaned_data["user"],
                    contact=form.cleaned_data["contact"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ständige Leserin oder ständiger Leser eingetragen."))
                return redirect("meetings:readers", self.municipality.slug, body.pk)
        return self.page(body, form, status=400)


class DeleteMixin(MeetingMixin):
    """Confirm (GET) and delete (POST) a part of the minutes while they are not approved."""

    permission = perms.manage_meeting
    what = ""

    def confirm(self, meeting, label, status=200):
        return render(
            self.request,
            "meetings/confirm_delete.html",
            {"meeting": meeting, "label": label, "what": self.what},
            status=status,
        )

    def run(self, meeting, delete):
        try:
            delete()
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
        else:
            messages.success(self.request, _("Gelöscht."))
        return redirect("meetings:minutes", self.municipality.slug, meeting.pk)


class AgendaDeleteView(DeleteMixin, TenantView):
    what = _("Tagesordnungspunkt löschen")

    def get_item(self, meeting, agenda_item_id) -> AgendaItem:
        for item in meeting.agenda.all():
            if item.pk == agenda_item_id:
                return item
        raise Http404

    def get(self, request, municipality_slug, meeting_id, agenda_item_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        item = self.get_item(meeting, agenda_item_id)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        return self.confirm(meeting, str(item))

    def post(self, request, municipality_slug, meeting_id, agenda_item_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        item = self.get_item(meeting, agenda_item_id)
        return self.run(meeting, lambda: services.agenda_item_delete(actor=request.user, item=item))


class DecisionDeleteView(DeleteMixin, TenantView):
    what = _("Beschluss löschen")

    def get_decision(self, meeting, decision_id):
        for decision in meeting.decisions.all():
            if decision.pk == decision_id:
                return decision
        raise Http404

    def get(self, request, municipality_slug, meeting_id, decision_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        decision = self.get_decision(meeting, decision_id)
        if self.refuse_approved(meeting):
            return self.to_detail(meeting)
        label = _("Beschluss Nr. %(number)s: %(text)s") % {
            "number": decision.number,
            "text": decision.text[:200],
        }
        return self.confirm(meeting, label)

    def post(self, request, municipality_slug, meeting_id, decision_id):
        meeting = self.get_meeting(meeting_id, manage=True)
        decision = self.get_decision(meeting, decision_id)
        return self.run(
            meeting, lambda: services.decision_delete(actor=request.user, decision=decision)
        )
