"""Writes of planning: programmes, goals, measures, reviews (all audited, all-or-nothing)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes, snapshot
from verbund.dashboard import items_cache as dashboard_items

from .models import (
    EDITABLE,
    ContractedHours,
    Goal,
    GoalReview,
    Measure,
    MeasureStatus,
    Programme,
    ProgrammeStatus,
    Review,
    ReviewStatus,
    Training,
    ValueSource,
)
from .rules import pulled_values, require_editable, shift_year

PROGRAMME_FIELDS = ["summary"]
GOAL_FIELDS = [
    "position",
    "title",
    "target_group",
    "extent",
    "due_on",
    "indicator",
    "indicator_label",
    "target_value",
    "baseline_value",
]
GOAL_LINKS = ["needs", "offers", "agreements", "bodies"]
MEASURE_FIELDS = ["title", "responsible", "status", "start_on", "end_on"]
RESULT_FIELDS = [
    "current_value",
    "goal_evidence",
    "execution_evidence",
    "traffic_light",
    "decision",
    "decision_note",
]


def _check_links(goal: Goal, data: dict) -> None:
    """Every linked need, offer, agreement and body belongs to the programme's municipality."""
    for name in GOAL_LINKS:
        for obj in data.get(name) or ():
            if obj.municipality_id != goal.municipality_id:
                raise ValidationError(
                    {name: _("„%(object)s“ gehört zu einer anderen Kommune.") % {"object": obj}}
                )


def _link_state(goal: Goal) -> dict:
    if goal.pk is None:
        return {name: [] for name in GOAL_LINKS}
    return {name: sorted(getattr(goal, name).values_list("pk", flat=True)) for name in GOAL_LINKS}


# -- programmes -------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, actor, centre, year: int, data: dict | None = None) -> Programme:
    return create_logged(
        Programme,
        actor=actor,
        action="planning.programme.create",
        values={"municipality": centre.municipality, "centre": centre, "year": year},
        fields=PROGRAMME_FIELDS,
        data=data or {},
        log_fields=["year", "summary"],
    )


@transaction.atomic
def programme_update(*, actor, programme: Programme, data: dict) -> Programme:
    require_editable(programme)
    return save_changes(
        programme,
        fields=PROGRAMME_FIELDS,
        data=data,
        action="planning.programme.update",
        actor=actor,
    )


@transaction.atomic
def programme_copy(*, actor, source: Programme, year: int | None = None) -> Programme:
    """Start next year's programme from ``source``: goals, their links, measures and review
    dates, dates shifted by the years between, statuses reset."""
    year = year or source.year + 1
    years = year - source.year
    if years <= 0:
        raise ValidationError(
            {
                "year": _("Übernehmen geht nur in ein späteres Jahr als %(year)s.")
                % {"year": source.year}
            }
        )
    if Programme.objects.filter(centre=source.centre, year=year).exists():
        raise ValidationError(
            {"year": _("Für %(year)s gibt es schon ein Jahresprogramm.") % {"year": year}}
        )
    programme = Programme(
        municipality=source.municipality,
        centre=source.centre,
        year=year,
        summary=source.summary,
        copied_from=source,
    )
    programme.full_clean()
    programme.save()
    goals = list(source.goals.prefetch_related(*GOAL_LINKS, "measures"))
    for old in goals:
        goal = Goal(
            municipality=programme.municipality,
            programme=programme,
            copied_from=old,
            due_on=shift_year(old.due_on, years),
            **{f: getattr(old, f) for f in GOAL_FIELDS if f != "due_on"},
        )
        goal.save()
        for name in GOAL_LINKS:
            getattr(goal, name).set(getattr(old, name).all())
        Measure.objects.bulk_create(
            [
                Measure(
                    municipality=programme.municipality,
                    goal=goal,
                    title=m.title,
                    responsible_id=m.responsible_id,
                    status=MeasureStatus.PLANNED,
                    start_on=shift_year(m.start_on, years),
                    end_on=shift_year(m.end_on, years),
                )
                for m in old.measures.all()
                if m.status != MeasureStatus.DROPPED
            ]
        )
    Review.objects.bulk_create(
        [
            Review(
                municipality=programme.municipality,
                programme=programme,
                planned_on=shift_year(r.planned_on, years),
                title=r.title,
            )
            for r in source.reviews.all()
        ]
    )
    dashboard_items.bump(programme.municipality_id)  # bulk_create sends no signal
    log_action(
        "planning.programme.copy",
        actor=actor,
        instance=programme,
        after={"year": year, "copied_from": source.pk, "goals": len(goals)},
    )
    return programme


def _transition(programme, *, actor, action, status, allowed, extra=None, **fields):
    if programme.status not in allowed:
        raise ValidationError(
            _("Das Jahresprogramm ist %(status)s; dieser Schritt geht von hier aus nicht.")
            % {"status": programme.get_status_display()}
        )
    before = snapshot(programme, ["status", "return_reason"])
    programme.status = status
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.save()
    after = snapshot(programme, ["status", "return_reason"])
    after.update(extra or {})
    log_action(action, actor=actor, instance=programme, before=before, after=after)
    return programme


@transaction.atomic
def programme_submit(*, actor, programme: Programme) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.goals.exists():
        raise ValidationError(
            _("Das Jahresprogramm hat noch kein Ziel. Bitte mindestens ein Ziel anlegen.")
        )
    return _transition(
        programme,
        actor=actor,
        action="planning.programme.submit",
        status=ProgrammeStatus.SUBMITTED,
        allowed=EDITABLE,
        submitted_at=timezone.now(),
    )


@transaction.atomic
def programme_approve(*, actor, programme: Programme) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    return _transition(
        programme,
        actor=actor,
        action="planning.programme.approve",
        status=ProgrammeStatus.APPROVED,
        allowed=(ProgrammeStatus.SUBMITTED,),
        approved_at=timezone.now(),
        approved_by=actor,
        return_reason="",
    )


@transaction.atomic
def programme_return(*, actor, programme: Programme, reason: str) -> Programme:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Bitte den Grund der Rückgabe angeben, damit das Team nachbessern kann.")}
        )
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    return _transition(
        programme,
        actor=actor,
        action="planning.programme.return",
        status=ProgrammeStatus.RETURNED,
        allowed=(ProgrammeStatus.SUBMITTED,),
        return_reason=reason[:1000],
    )


@transaction.atomic
def programme_reopen(*, actor, programme: Programme, reason: str) -> Programme:
    """An approved programme is changed only after reopening it (then approved anew)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte angeben, warum das Programm geändert wird.")})
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    return _transition(
        programme,
        actor=actor,
        action="planning.programme.reopen",
        status=ProgrammeStatus.DRAFT,
        allowed=(ProgrammeStatus.APPROVED, ProgrammeStatus.SUBMITTED),
        extra={"reason": reason[:1000]},
        approved_at=None,
        approved_by=None,
    )


# -- goals and measures -----------------------------------------------------------------------


def _set_links(data):
    def after_save(goal):
        for name in GOAL_LINKS:
            if name in data:
                getattr(goal, name).set(data[name])

    return after_save


@transaction.atomic
def goal_create(*, actor, programme: Programme, data: dict) -> Goal:
    require_editable(programme)
    goal = Goal(municipality=programme.municipality, programme=programme)
    _check_links(goal, data)
    if "position" not in data or not data.get("position"):
        data = {**data, "position": programme.goals.count() + 1}
    setter = _set_links(data)

    def after_save(instance):
        setter(instance)
        return _link_state(instance)

    return create_logged(
        goal,
        actor=actor,
        action="planning.goal.create",
        fields=GOAL_FIELDS,
        data=data,
        after_save=after_save,
    )


@transaction.atomic
def goal_update(*, actor, goal: Goal, data: dict) -> Goal:
    require_editable(goal.programme)
    _check_links(goal, data)
    return save_changes(
        goal,
        fields=GOAL_FIELDS,
        data=data,
        action="planning.goal.update",
        actor=actor,
        state=_link_state,
        after_save=_set_links(data),
    )


@transaction.atomic
def goal_delete(*, actor, goal: Goal) -> None:
    require_editable(goal.programme)
    log_action("planning.goal.delete", actor=actor, instance=goal.programme, before=snapshot(goal))
    goal.delete()


@transaction.atomic
def measure_create(*, actor, goal: Goal, data: dict) -> Measure:
    require_editable(goal.programme)
    return create_logged(
        Measure(municipality=goal.municipality, goal=goal),
        actor=actor,
        action="planning.measure.create",
        fields=MEASURE_FIELDS,
        data=data,
        after_save=lambda m: _set_actions(m, data),
    )


def _set_actions(measure: Measure, data: dict):
    if "action_items" in data:
        for item in data["action_items"]:
            if item.municipality_id != measure.municipality_id:
                raise ValidationError(
                    {"action_items": _("Die Aufgabe gehört zu einer anderen Kommune.")}
                )
        measure.action_items.set(data["action_items"])
    return {"action_items": sorted(measure.action_items.values_list("pk", flat=True))}


@transaction.atomic
def measure_update(*, actor, measure: Measure, data: dict) -> Measure:
    """Dates, responsibility and title only in an editable programme; the status and the
    linked meeting tasks are the year's progress and may change after approval too."""
    fields = MEASURE_FIELDS if measure.goal.programme.is_editable else ["status"]
    for name in MEASURE_FIELDS:
        if name not in fields and name in data and data[name] != getattr(measure, name):
            require_editable(measure.goal.programme)
    return save_changes(
        measure,
        fields=fields,
        data=data,
        action="planning.measure.update",
        actor=actor,
        state=lambda m: {"action_items": sorted(m.action_items.values_list("pk", flat=True))},
        after_save=lambda m: _set_actions(m, data),
    )


# -- reviews ----------------------------------------------------------------------------------


@transaction.atomic
def review_plan(*, actor, programme: Programme, data: dict) -> Review:
    return create_logged(
        Review(municipality=programme.municipality, programme=programme),
        actor=actor,
        action="planning.review.create",
        fields=["planned_on", "title"],
        data=data,
    )


@transaction.atomic
def review_record(
    *, actor, review: Review, results: dict[int, dict], held_on: date, summary: str = ""
) -> Review:
    """Record the review: one result per goal of the programme. Refused before approval."""
    programme = Programme.objects.select_for_update().get(pk=review.programme_id)
    if not programme.is_approved:
        raise ValidationError(
            _(
                "Das Jahresprogramm %(year)s ist noch nicht freigegeben (%(status)s). Eine "
                "Überprüfung ist erst nach der Freigabe durch den Träger möglich."
            )
            % {"year": programme.year, "status": programme.get_status_display()}
        )
    goals = list(programme.goals.all())
    missing = [g for g in goals if g.pk not in results]
    if missing:
        raise ValidationError(
            _("Für das Ziel „%(goal)s“ fehlt das Ergebnis.") % {"goal": missing[0].title}
        )
    pulled = pulled_values(review, goals, day=held_on)
    existing = {r.goal_id: r for r in review.results.all()}
    saved = {}
    for goal in goals:
        data = dict(results[goal.pk])
        system = pulled.get(goal.pk)
        if system is not None:
            data["current_value"] = system
        result = existing.get(goal.pk) or GoalReview(
            municipality=review.municipality, review=review, goal=goal
        )
        result.value_source = ValueSource.SYSTEM if system is not None else ValueSource.MANUAL
        for name in RESULT_FIELDS:
            if name in data:
                setattr(result, name, data[name])
        try:
            result.full_clean()
        except ValidationError as error:
            raise ValidationError(
                [
                    _("Ziel „%(goal)s“: %(message)s") % {"goal": goal.title, "message": m}
                    for m in error.messages
                ]
            ) from error
        result.save()
        saved[goal.pk] = result
    before = snapshot(review, ["status", "held_on", "summary"])
    review.status = ReviewStatus.DONE
    review.held_on = held_on
    review.summary = summary
    review.full_clean()
    review.save()
    after = snapshot(review, ["status", "held_on", "summary"])
    after["results"] = {str(pk): snapshot(r, RESULT_FIELDS) for pk, r in saved.items()}
    log_action("planning.review.record", actor=actor, instance=review, before=before, after=after)
    return review


# -- working conditions -----------------------------------------------------------------------


@transaction.atomic
def hours_set(*, actor, coordinator, centre, year: int, data: dict) -> ContractedHours:
    row = ContractedHours.objects.filter(
        municipality=centre.municipality, coordinator=coordinator, year=year
    ).first()
    if row is None:
        return create_logged(
            ContractedHours(
                municipality=centre.municipality, coordinator=coordinator, centre=centre, year=year
            ),
            actor=actor,
            action="planning.hours.set",
            fields=["weekly_hours", "note"],
            data=data,
        )
    return save_changes(
        row, fields=["weekly_hours", "note"], data=data, action="planning.hours.set", actor=actor
    )


@transaction.atomic
def training_create(*, actor, coordinator, centre, data: dict) -> Training:
    return create_logged(
        Training(municipality=centre.municipality, coordinator=coordinator, centre=centre),
        actor=actor,
        action="planning.training.create",
        fields=["kind", "title", "date", "hours"],
        data=data,
    )
