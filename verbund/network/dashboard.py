"""What the network adds to the start page, "Mein Familienzentrum" and "Meine Organisation"
(registered in ``NetworkConfig.ready``)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbund.dashboard import permissions as dashboard_perms
from verbund.dashboard.registry import DueItem, Row, Section

from . import permissions as perms
from .models import Status
from .selectors import (
    body_list,
    contacts_due_for_review,
    organisation_list,
    relationship_list,
    review_days,
)

STEP_WITHIN_DAYS = 30
SECTION_LIMIT = 10


def next_step_items(ctx) -> list[DueItem]:
    """Next steps of stakeholder assessments, due within a month or overdue (1 query)."""
    if not ctx.access.can(perms.change_relationship):
        return []
    relationships = (
        relationship_list(
            municipality=ctx.municipality, access=ctx.access, permission=perms.change_relationship
        )
        .filter(next_step_due__lte=ctx.today + timedelta(days=STEP_WITHIN_DAYS))
        .exclude(next_step="")
        .exclude(status=Status.ENDED)
    )
    items = []
    for rel in relationships:
        owner = rel.next_step_owner.get_full_name() if rel.next_step_owner_id else ""
        items.append(
            DueItem(
                key=f"network.step:{rel.pk}:{rel.next_step_due.isoformat()}",
                title=f"{rel.organisation.name}: {rel.next_step}",
                url=reverse("network:relationship_detail", args=[ctx.municipality.slug, rel.pk]),
                action=_("Schritt erledigen und eintragen"),
                due=rel.next_step_due,
                detail=" · ".join(
                    filter(None, [rel.centre.name, owner and _("zuständig: %s") % owner])
                ),
            )
        )
    return items


def contact_review_items(ctx) -> list[DueItem]:
    """Contacts whose data were last confirmed too long ago (GDPR), as one item (1 query)."""
    if not ctx.access.can(perms.change_contact):
        return []
    due = contacts_due_for_review(
        municipality=ctx.municipality, access=ctx.access, permission=perms.change_contact
    ).aggregate(count=Count("id"), oldest=Min("last_confirmed"))
    if not due["count"]:
        return []
    oldest_due = due["oldest"] + timedelta(days=review_days())
    return [
        DueItem(
            key=f"network.contact_review:{oldest_due.isoformat()}",
            title=ngettext(
                "%(n)d Ansprechperson erneut bestätigen",
                "%(n)d Ansprechpersonen erneut bestätigen",
                due["count"],
            )
            % {"n": due["count"]},
            url=reverse("network:contact_review", args=[ctx.municipality.slug]),
            action=_("Angaben prüfen und bestätigen"),
            due=oldest_due,
            detail=_(
                "Der Datenschutz verlangt, dass die Angaben zu Personen regelmäßig bestätigt "
                "oder gelöscht werden."
            ),
        )
    ]


def partner_organisation_items(ctx) -> list[DueItem]:
    """For a partner: their own organisation, one click from its page (1 query)."""
    if not ctx.access.can(dashboard_perms.view_organisation_page):
        return []
    organisations = organisation_list(
        municipality=ctx.municipality, access=ctx.access, permission=perms.view_organisation
    )
    return [
        DueItem(
            key=f"network.own_organisation:{org.pk}",
            title=org.name,
            url=reverse("network:organisation_detail", args=[ctx.municipality.slug, org.pk]),
            action=_("Angaben Ihrer Organisation ansehen"),
            detail=org.get_sector_display(),
            notify=False,
        )
        for org in organisations[:SECTION_LIMIT]
    ]


def centre_partners_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.view_relationship, centre):
        return None
    relationships = relationship_list(
        municipality=ctx.municipality,
        access=ctx.access,
        permission=perms.view_relationship,
        centre_id=centre.pk,
    ).exclude(status=Status.ENDED)
    slug = ctx.municipality.slug
    actions = []
    if ctx.access.can(perms.change_relationship, centre):
        actions.append(
            Row(_("Partner einschätzen"), reverse("network:relationship_create", args=[slug]))
        )
    return Section(
        title=_("Partner im Netzwerk"),
        rows=[
            Row(
                rel.organisation.name,
                reverse("network:relationship_detail", args=[slug, rel.pk]),
                " · ".join(
                    filter(
                        None,
                        [
                            rel.get_status_display(),
                            rel.next_step and _("nächster Schritt: %s") % rel.next_step,
                        ],
                    )
                ),
            )
            for rel in relationships[:SECTION_LIMIT]
        ],
        empty=_("Noch keine Partner eingeschätzt."),
        more_url=reverse("network:relationship_list", args=[slug]) + f"?zentrum={centre.pk}",
        more_label=_("Alle Einschätzungen"),
        actions=actions,
    )


def centre_bodies_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.view_body):
        return None
    bodies = body_list(
        municipality=ctx.municipality, access=ctx.access, permission=perms.view_body
    ).filter(centre=centre)
    slug = ctx.municipality.slug
    return Section(
        title=_("Gremien"),
        rows=[
            Row(
                body.name,
                reverse("network:body_detail", args=[slug, body.pk]),
                ngettext("%(n)d Mitglied", "%(n)d Mitglieder", body.member_count)
                % {"n": body.member_count},
            )
            for body in bodies[:SECTION_LIMIT]
        ],
        empty=_("Das Zentrum leitet noch kein Gremium."),
        more_url=reverse("network:body_list", args=[slug]),
        more_label=_("Alle Gremien"),
    )


def partner_organisation_section(ctx) -> Section | None:
    if not ctx.access.can(dashboard_perms.view_organisation_page):
        return None
    slug = ctx.municipality.slug
    organisations = list(
        organisation_list(
            municipality=ctx.municipality, access=ctx.access, permission=perms.view_organisation
        )[:SECTION_LIMIT]
    )
    if not organisations:
        return None
    rows = []
    for org in organisations:
        address = " ".join(filter(None, [org.street, org.postcode, org.city]))
        rows.append(
            Row(
                org.name,
                reverse("network:organisation_detail", args=[slug, org.pk]),
                " · ".join(filter(None, [org.get_sector_display(), address])),
            )
        )
    actions = []
    if len(organisations) == 1 and ctx.access.can(perms.change_organisation, organisations[0]):
        actions.append(
            Row(
                _("Angaben bearbeiten"),
                reverse("network:organisation_update", args=[slug, organisations[0].pk]),
            )
        )
    return Section(
        title=_("Ihre Organisation"),
        rows=rows,
        text=_(
            "Halten Sie Anschrift und Ansprechpersonen aktuell, damit die Familienzentren "
            "Sie erreichen."
        ),
        actions=actions,
    )


def first_partner_step(ctx) -> Row | None:
    if not ctx.access.can(perms.create_organisation):
        return None
    return Row(
        _("Partner im Netzwerk aufnehmen"),
        reverse("network:partner_add", args=[ctx.municipality.slug]),
        _("Vereine, Beratungsstellen, Schulen: wer arbeitet im Sozialraum mit Familien?"),
    )


def register() -> None:
    from verbund.dashboard.registry import (
        register_centre_section,
        register_first_step,
        register_items,
        register_organisation_section,
    )

    register_items(
        "network.next_steps",
        next_step_items,
        group="steps",
        order=10,
        reads=(
            "network.Relationship",
            "network.Organisation",
            "tenancy.FamilyCentre",
            "tenancy.Provider",
            "accounts.User",
        ),
    )
    register_items(
        "network.contact_review",
        contact_review_items,
        group="contacts",
        order=10,
        reads=("network.Contact", "network.Organisation"),
    )
    register_items(
        "network.own_organisation",
        partner_organisation_items,
        group="organisation",
        order=10,
        reads=(
            "network.Organisation",
            "network.Organisation.areas_served",
            "areas.Area",
            "tenancy.Facility",
        ),
    )
    register_centre_section("network.partners", centre_partners_section, order=30)
    register_centre_section("network.bodies", centre_bodies_section, order=40)
    register_organisation_section("network.organisation", partner_organisation_section, order=10)
    register_first_step("network.first_partner", first_partner_step, order=10)
