"""Freshness of the catalogue: remind providers to confirm their offers.

An offer not confirmed ("Angaben stimmen noch") for ``OFFERS_CHECK_AFTER_DAYS`` gets one mail
to its keepers (the centre's coordinators and leads, and for a partner's offer the partner's
users and the organisation's address) asking them to confirm. After ``OFFERS_GRACE_DAYS`` on
top, a public offer leaves the public view (``catalogue.fresh_enough_q``, honoured by
``public_offers``), and they get one more mail saying so. Each mail is recorded
(``OfferReminder``, unique per offer, kind and confirmation date) in the same transaction that
enqueues it as a background job, so it is never sent twice; a confirmation starts afresh.
``manage.py run_scheduled_jobs`` runs ``scheduled_reminders`` (registered in
``OffersConfig.ready``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership
from verbund.core.audit import log_action
from verbund.core.roles import Role
from verbund.core.tasks import tenant_task

from .catalogue import RUNNING, check_due_on, checked_on, due_for_check_q, hidden_on
from .choices import ReviewState, Visibility
from .models import Offer, OfferReminder, OfferReminderKind

BATCH = 500


@dataclass(frozen=True)
class DueReminder:
    offer: Offer
    kind: str
    checked_on: date


def due_reminders(*, today: date) -> list[DueReminder]:
    """Offers of every municipality due for a reminder today that has not been sent."""
    result = []
    with scopes_disabled():
        offers = (
            Offer.objects.filter(status__in=RUNNING)
            .filter(due_for_check_q(today))
            .select_related("centre", "provider", "municipality")
            .order_by("municipality_id", "pk")
        )
        batch: list[Offer] = []
        for offer in offers.iterator(chunk_size=BATCH):
            batch.append(offer)
            if len(batch) >= BATCH:
                result += _unsent(batch, today)
                batch = []
        result += _unsent(batch, today)
    return result


def _unsent(offers: list[Offer], today: date) -> list[DueReminder]:
    if not offers:
        return []
    sent = set(
        OfferReminder.objects.filter(offer__in=offers).values_list("offer_id", "kind", "checked_on")
    )
    due = []
    for offer in offers:
        checked = checked_on(offer)
        public = (
            offer.visibility == Visibility.PUBLIC and offer.review_state == ReviewState.APPROVED
        )
        kind = (
            OfferReminderKind.HIDDEN
            if public and hidden_on(offer) <= today
            else OfferReminderKind.CHECK
        )
        if (offer.pk, kind.value, checked) not in sent:
            due.append(DueReminder(offer, kind.value, checked))
    return due


def recipients_for(offer: Offer) -> list[str]:
    """The centre's coordinators and leads and its address; for a partner's offer also the
    partner's users and the organisation's address."""
    with scopes_disabled():
        members = Membership.objects.filter(
            municipality_id=offer.municipality_id, user__is_active=True
        ).exclude(user__email="")
        emails = set(
            members.filter(
                centre_id=offer.centre_id, role__in=[Role.COORDINATOR, Role.CENTRE_LEAD]
            ).values_list("user__email", flat=True)
        )
        if offer.provider_id and offer.provider.facility_id:
            emails |= set(
                members.filter(
                    facility_id=offer.provider.facility_id, role=Role.PARTNER
                ).values_list("user__email", flat=True)
            )
    if offer.centre.email:
        emails.add(offer.centre.email)
    if offer.provider_id and offer.provider.email:
        emails.add(offer.provider.email)
    return sorted(emails)


@tenant_task(
    attempts=lambda: settings.VERBUND_MAIL_ATTEMPTS,
    retry_delay=lambda: settings.VERBUND_MAIL_RETRY_SECONDS,
)
def freshness_mail(job, *, subject: str, body: str, recipients: list[str]) -> dict:
    """Send one reminder about an offer; a failing mail server is retried with back-off."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    return {"recipients": len(recipients)}


def scheduled_reminders() -> int:
    """Periodic job: today's reminders."""
    base_url = getattr(settings, "SITE_URL", "") or os.environ.get("VERBUND_SITE_URL", "")
    return len(send_due_reminders(today=timezone.localdate(), base_url=base_url))


def send_due_reminders(*, today: date, base_url: str = "") -> list[DueReminder]:
    sent = []
    for item in due_reminders(today=today):
        offer = item.offer
        recipients = recipients_for(offer)
        try:
            with transaction.atomic(), scopes_disabled():
                OfferReminder.objects.create(
                    municipality=offer.municipality,
                    offer=offer,
                    kind=item.kind,
                    checked_on=item.checked_on,
                    recipients=recipients,
                )
                facts = {
                    "kind": item.kind,
                    "checked_on": item.checked_on.isoformat(),
                    "recipients": len(recipients),
                }
                if item.kind == OfferReminderKind.HIDDEN:
                    log_action("offers.offer.hidden_stale", instance=offer, data=facts)
                else:
                    log_action("offers.offer.reminded", instance=offer, data=facts)
                if recipients:
                    subject, body = _message(item, base_url, today)
                    freshness_mail.enqueue(
                        municipality=offer.municipality,
                        label=subject,
                        subject=subject,
                        body=body,
                        recipients=recipients,
                    )
        except IntegrityError:
            continue  # another run recorded (and sent) this one a moment ago
        sent.append(item)
    return sent


def _message(item: DueReminder, base_url: str, today: date) -> tuple[str, str]:
    offer = item.offer
    path = reverse("offers:offer_detail", args=[offer.municipality.slug, offer.pk])
    context = {
        "offer": offer,
        "kind": item.kind,
        "checked_on": item.checked_on,
        "check_due": check_due_on(offer),
        "hidden_on": hidden_on(offer),
        "today": today,
        "url": base_url.rstrip("/") + path,
    }
    subject = render_to_string("offers/email/freshness_subject.txt", context).strip()
    body = render_to_string("offers/email/freshness_body.txt", context)
    return " ".join(subject.split()), body
