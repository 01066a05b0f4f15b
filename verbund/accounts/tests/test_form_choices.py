"""Issue 8, item 1: the choices a form offers are exactly the objects the user may link to.

Every form of the project with a model choice field is built here for every role that may open
it, and each offered choice is checked with the object check (``Access.can``) against the
permission the form records for the field. A form added without a builder here fails
``test_every_form_with_model_choices_is_covered``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.core.roles import Role

pytestmark = pytest.mark.django_db


def project_forms() -> dict[str, type]:
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("verbund."):
            continue
        package = importlib.import_module(config.name)
        for info in pkgutil.walk_packages(package.__path__, config.name + "."):
            leaf = info.name.rsplit(".", 1)[-1]
            if not leaf.startswith("forms") or ".tests" in info.name:
                continue
            module = importlib.import_module(info.name)
            for name, cls in vars(module).items():
                if (
                    inspect.isclass(cls)
                    and issubclass(cls, forms.BaseForm)
                    and cls.__module__ == module.__name__
                    and any(
                        isinstance(field, forms.ModelChoiceField)
                        for field in cls.base_fields.values()
                    )
                ):
                    found[f"{config.label}.{name}"] = cls
    return found


@pytest.fixture
def world(tenant):
    """The tenant plus a neighbour centre, provider, facility and organisation, so that every
    narrowing has something to leave out."""
    from verbund.analysis.tests.factories import NeedFactory
    from verbund.areas.tests.factories import AreaFactory, WalkFactory
    from verbund.cooperation.tests.helpers import make_agreement
    from verbund.network.tests.factories import (
        BodyFactory,
        ContactFactory,
        OrganisationFactory,
        RelationshipFactory,
    )
    from verbund.offers.tests.factories import OfferFactory
    from verbund.tenancy.tests.factories import (
        FacilityFactory,
        FamilyCentreFactory,
        ProviderFactory,
    )

    m = {"municipality": tenant.municipality}
    other_provider = ProviderFactory(**m)
    other_centre = FamilyCentreFactory(**m, provider=other_provider)
    other_facility = FacilityFactory(**m, centre=other_centre, provider=other_provider)
    own_org = OrganisationFactory(**m, facility=tenant.facility)
    other_org = OrganisationFactory(**m, facility=other_facility)
    ContactFactory(**m, organisation=own_org)
    ContactFactory(**m, organisation=other_org)
    AreaFactory(**m)
    relationship = RelationshipFactory(**m, centre=tenant.centre, organisation=own_org)
    agreement = make_agreement(
        municipality=tenant.municipality, centre=tenant.centre, partners=[own_org, other_org]
    )
    from verbund.rooms.tests.factories import RoomFactory
    from verbund.rooms.tests.helpers import partner_world

    _partner, shared_room, resource = partner_world(tenant)
    from verbund.rooms import services as rooms_services

    with scope(municipality=tenant.municipality.pk):
        rooms_services.room_share(actor=None, room=shared_room, resource=resource)
    from verbund.meetings.tests.factories import AgendaItemFactory, MeetingFactory
    from verbund.network.tests.factories import BodyMemberFactory

    meeting_body = BodyFactory(**m, centre=tenant.centre)
    BodyMemberFactory(**m, body=meeting_body, organisation=own_org)
    BodyMemberFactory(**m, body=meeting_body, organisation=other_org)
    meeting = MeetingFactory(**m, body=meeting_body)
    AgendaItemFactory(**m, meeting=meeting)
    return {
        "meeting": meeting,
        "room": RoomFactory(**m, facility=tenant.facility),
        "shared_room": shared_room,
        "organisation": own_org,
        "contact": ContactFactory(**m, organisation=own_org),
        "relationship": relationship,
        "body": BodyFactory(**m, centre=tenant.centre),
        "agreement": agreement,
        "walk": WalkFactory(**m, centre=tenant.centre),
        "need": NeedFactory(**m, centre=tenant.centre),
        "offer": OfferFactory(**m, centre=tenant.centre, provider=own_org, agreement=agreement),
    }


def builders(tenant, world):
    """Form name → (permission needed to open it, build(access) → list of bound-less forms)."""
    from verbund.accounts import forms_membership
    from verbund.accounts import permissions as accounts_perms
    from verbund.analysis import forms as analysis_forms
    from verbund.analysis import permissions as analysis_perms
    from verbund.analysis import selectors as analysis_selectors
    from verbund.api import forms as api_forms
    from verbund.api import permissions as api_perms
    from verbund.areas import forms as areas_forms
    from verbund.areas import permissions as areas_perms
    from verbund.areas.models import Area
    from verbund.cooperation import forms as coop_forms
    from verbund.cooperation import permissions as coop_perms
    from verbund.cooperation import selectors as coop_selectors
    from verbund.documents import forms as documents_forms
    from verbund.documents import permissions as documents_perms
    from verbund.feeds import forms as feeds_forms
    from verbund.feeds import permissions as feeds_perms
    from verbund.meetings import forms as meetings_forms
    from verbund.meetings import permissions as meetings_perms
    from verbund.network import forms as network_forms
    from verbund.network import permissions as network_perms
    from verbund.network import selectors as network_selectors
    from verbund.offers import forms as offers_forms
    from verbund.offers import forms_search as offers_search_forms
    from verbund.offers import permissions as offers_perms
    from verbund.offers.gaps import forms as gap_forms
    from verbund.offers.overlaps import forms as overlaps_forms
    from verbund.offers.transfer import forms as offers_import_forms
    from verbund.quality import forms as quality_forms
    from verbund.quality import permissions as quality_perms
    from verbund.rooms import forms as rooms_forms
    from verbund.rooms import permissions as rooms_perms
    from verbund.tenancy import forms as tenancy_forms
    from verbund.tenancy import permissions as tenancy_perms

    mun = tenant.municipality

    from verbund.offers.forms_schedule import ScheduleForm

    def sample_offer():
        from verbund.offers.tests.factories import OfferFactory
        from verbund.rooms.tests.factories import RoomFactory

        if "offer" not in world:
            world["offer"] = OfferFactory(municipality=mun, centre=tenant.centre)
            RoomFactory(municipality=mun, facility=tenant.facility)
            RoomFactory(municipality=mun)  # another centre's room: never offered
        return world["offer"]

    def facility_forms(access):
        return [
            tenancy_forms.FacilityForm(
                municipality=mun, access=access, permission=tenancy_perms.create_facility
            ),
            tenancy_forms.FacilityForm(
                instance=tenant.facility,
                municipality=mun,
                access=access,
                permission=tenancy_perms.change_facility,
            ),
        ]

    from verbund.budget import forms as budget_forms
    from verbund.budget import permissions as budget_perms
    from verbund.reports import forms as reports_forms
    from verbund.reports import permissions as reports_perms

    def sample_budget():
        from verbund.budget.tests.factories import ActionBudgetFactory

        if "budget" not in world:
            world["budget"] = ActionBudgetFactory(municipality=mun, centre=tenant.centre)
        return world["budget"]

    return {
        "tenancy.FacilityForm": (tenancy_perms.change_facility, facility_forms),
        "tenancy.CentreForm": (
            tenancy_perms.change_centre,
            lambda access: [
                tenancy_forms.CentreForm(
                    instance=tenant.centre,
                    municipality=mun,
                    can_change_provider=access.can(tenancy_perms.manage_centres),
                )
            ],
        ),
        "accounts.MembershipForm": (
            accounts_perms.manage_memberships,
            lambda access: [forms_membership.MembershipForm(municipality=mun, access=access)],
        ),
        "areas.AreaForm": (
            areas_perms.manage_area,
            lambda access: [areas_forms.AreaForm(municipality=mun)],
        ),
        "areas.SozialraumForm": (
            areas_perms.change_sozialraum,
            lambda access: [areas_forms.SozialraumForm(municipality=mun)],
        ),
        "areas.WalkForm": (
            areas_perms.manage_walk,
            lambda access: [
                areas_forms.WalkForm(
                    municipality=mun, access=access, permission=areas_perms.manage_walk
                ),
                areas_forms.WalkForm(
                    instance=world["walk"],
                    municipality=mun,
                    access=access,
                    permission=areas_perms.manage_walk,
                ),
            ],
        ),
        "analysis.NeedForm": (
            analysis_perms.change_needs,
            lambda access: [
                analysis_forms.NeedForm(
                    instance=world["need"], municipality=mun, centre=tenant.centre, can_decide=False
                )
            ],
        ),
        "analysis.NeedFilterForm": (
            analysis_perms.view_needs,
            lambda access: [
                analysis_forms.NeedFilterForm(
                    centres=analysis_selectors.centre_list(
                        municipality=mun, access=access, permission=analysis_perms.view_needs
                    ),
                    areas=Area.objects.filter(municipality=mun).order_by("name"),
                    municipality=mun,
                )
            ],
        ),
        "analysis.NeedRuleForm": (
            analysis_perms.manage_rules,
            lambda access: [analysis_forms.NeedRuleForm(municipality=mun)],
        ),
        "network.OrganisationForm": (
            network_perms.change_organisation,
            lambda access: [
                network_forms.OrganisationForm(municipality=mun, access=access),
                network_forms.OrganisationForm(
                    instance=world["organisation"], municipality=mun, access=access
                ),
            ],
        ),
        "tenancy.FacilityFilterForm": (
            tenancy_perms.view_centre,
            lambda access: [tenancy_forms.FacilityFilterForm(municipality=mun, access=access)],
        ),
        "network.OrganisationFilterForm": (
            network_perms.view_organisation,
            lambda access: [network_forms.OrganisationFilterForm(municipality=mun, access=access)],
        ),
        "network.GraphFilterForm": (
            network_perms.view_network,
            lambda access: [network_forms.GraphFilterForm(municipality=mun, access=access)],
        ),
        "network.RelationshipFilterForm": (
            network_perms.view_relationship,
            lambda access: [
                network_forms.RelationshipFilterForm(
                    centres=network_selectors.centres_for(
                        municipality=mun, access=access, permission=network_perms.view_relationship
                    ),
                    municipality=mun,
                )
            ],
        ),
        "network.ContactForm": (
            network_perms.change_contact,
            lambda access: [
                network_forms.ContactForm(municipality=mun, access=access),
                network_forms.ContactForm(
                    instance=world["contact"], municipality=mun, access=access
                ),
            ],
        ),
        "network.RelationshipForm": (
            network_perms.change_relationship,
            lambda access: [
                network_forms.RelationshipForm(
                    municipality=mun, access=access, permission=network_perms.change_relationship
                )
            ],
        ),
        "network.InteractionForm": (
            network_perms.change_relationship,
            lambda access: [network_forms.InteractionForm(relationship=world["relationship"])],
        ),
        "network.BodyForm": (
            network_perms.change_body,
            lambda access: [
                network_forms.BodyForm(
                    municipality=mun, access=access, permission=network_perms.change_body
                ),
                network_forms.BodyForm(
                    instance=world["body"],
                    municipality=mun,
                    access=access,
                    permission=network_perms.change_body,
                ),
            ],
        ),
        "network.BodyMemberForm": (
            network_perms.change_body,
            lambda access: [network_forms.BodyMemberForm(municipality=mun)],
        ),
        "cooperation.AgreementForm": (
            coop_perms.manage_agreement,
            lambda access: [
                coop_forms.AgreementForm(
                    municipality=mun, access=access, permission=coop_perms.manage_agreement
                ),
                coop_forms.AgreementForm(
                    instance=world["agreement"],
                    municipality=mun,
                    access=access,
                    permission=coop_perms.manage_agreement,
                ),
            ],
        ),
        "cooperation.AgreementFilterForm": (
            coop_perms.view_agreement,
            lambda access: [
                coop_forms.AgreementFilterForm(
                    centres=coop_selectors.centres_managed(
                        municipality=mun, access=access, permission=coop_perms.view_agreement
                    ),
                    organisations=coop_selectors.partner_organisations(
                        municipality=mun, access=access
                    ),
                    municipality=mun,
                    access=access,
                )
            ],
        ),
        "cooperation.DueFilterForm": (
            coop_perms.view_agreement,
            lambda access: [
                coop_forms.DueFilterForm(
                    centres=coop_selectors.centres_managed(
                        municipality=mun, access=access, permission=coop_perms.view_agreement
                    ),
                    municipality=mun,
                )
            ],
        ),
        "cooperation.ResponsibilityForm": (
            coop_perms.manage_agreement,
            lambda access: [coop_forms.ResponsibilityForm(agreement=world["agreement"])],
        ),
        # offers, schedules part: rooms the offer's centre may book and the person may book
        "offers.ScheduleForm": (
            offers_perms.manage_offer,
            lambda access: [
                ScheduleForm(offer=sample_offer(), access=access),
            ],
        ),
        "cooperation.ResourceForm": (
            coop_perms.manage_agreement,
            lambda access: [coop_forms.ResourceForm(agreement=world["agreement"])],
        ),
        "offers.OfferForm": (
            offers_perms.manage_offer,
            lambda access: [
                offers_forms.OfferForm(municipality=mun, access=access),
                offers_forms.OfferForm(instance=world["offer"], municipality=mun, access=access),
            ],
        ),
        "offers.GapForm": (
            offers_perms.view_gaps,
            lambda access: [
                gap_forms.GapForm(
                    None, municipality=mun, access=access, permission=offers_perms.view_gaps
                )
            ],
        ),
        "offers.OfferFilterForm": (
            offers_perms.view_offer,
            lambda access: [offers_search_forms.OfferFilterForm(municipality=mun, access=access)],
        ),
        # offers, part "overlaps"
        "offers.ReferralForm": (
            offers_perms.record_referral,
            lambda access: [overlaps_forms.ReferralForm(municipality=mun, access=access)],
        ),
        # offers, transfer part: the import's target centre
        "offers.OfferImportForm": (
            offers_perms.import_offers,
            lambda access: [offers_import_forms.OfferImportForm(municipality=mun, access=access)],
        ),
        "feeds.SourceForm": (
            feeds_perms.import_feeds,
            lambda access: [feeds_forms.SourceForm(municipality=mun, access=access)],
        ),
        "offers.PendingForm": (
            offers_perms.import_offers,
            lambda access: [offers_import_forms.PendingForm(municipality=mun, access=access)],
        ),
        # api: the organisation a partner's API access acts for
        "api.ApiTokenForm": (
            api_perms.create_api_token,
            lambda access: [api_forms.ApiTokenForm(municipality=mun, access=access)],
        ),
        "rooms.RoomForm": (
            rooms_perms.manage_room,
            lambda access: [
                rooms_forms.RoomForm(municipality=mun, access=access),
                rooms_forms.RoomForm(instance=world["room"], municipality=mun, access=access),
            ],
        ),
        "rooms.ShareForm": (
            rooms_perms.manage_room,
            lambda access: [rooms_forms.ShareForm(room=world["room"], access=access)],
        ),
        "rooms.BookingForm": (
            rooms_perms.book_room,
            lambda access: [
                rooms_forms.BookingForm(room=world["room"], access=access),
                rooms_forms.BookingForm(room=world["shared_room"], access=access),
            ],
        ),
        "budget.BudgetForm": (
            budget_perms.manage_budget,
            lambda access: [
                budget_forms.BudgetForm(municipality=mun, access=access),
                budget_forms.BudgetForm(instance=sample_budget(), municipality=mun, access=access),
            ],
        ),
        "budget.ApplicationForm": (
            budget_perms.apply_for_budget,
            lambda access: [budget_forms.ApplicationForm(budget=sample_budget(), access=access)],
        ),
        "meetings.MeetingForm": (
            meetings_perms.manage_meeting,
            lambda access: [
                meetings_forms.MeetingForm(access=access),
                meetings_forms.MeetingForm(instance=world["meeting"], access=access),
            ],
        ),
        "meetings.DecisionForm": (
            meetings_perms.manage_meeting,
            lambda access: [meetings_forms.DecisionForm(meeting=world["meeting"])],
        ),
        "meetings.ReaderForm": (
            meetings_perms.manage_meeting,
            lambda access: [meetings_forms.ReaderForm(body=world["meeting"].body, access=access)],
        ),
        "meetings.ActionItemForm": (
            meetings_perms.manage_meeting,
            lambda access: [meetings_forms.ActionItemForm(meeting=world["meeting"], access=access)],
        ),
        "documents.DocumentForm": (
            documents_perms.manage_document,
            lambda access: [documents_forms.DocumentForm(municipality=mun, access=access)],
        ),
        "meetings.AttendanceForm": (
            meetings_perms.manage_meeting,
            lambda access: [meetings_forms.AttendanceForm(meeting=world["meeting"], access=access)],
        ),
        "meetings.CircleForm": (
            meetings_perms.manage_meeting,
            lambda access: [
                meetings_forms.CircleForm(access=access, municipality=tenant.municipality)
            ],
        ),
        "quality.SelfCheckStartForm": (
            quality_perms.edit_selfcheck,
            lambda access: [quality_forms.SelfCheckStartForm(access=access, municipality=mun)],
        ),
        **planning_builders(tenant),
        "reports.ReportCreateForm": (
            reports_perms.edit_report,
            lambda access: [reports_forms.ReportCreateForm(access=access)],
        ),
    }


def planning_builders(tenant):
    from verbund.planning import forms as planning_forms
    from verbund.planning import permissions as planning_perms
    from verbund.planning.tests.isolation import sample

    with scopes_disabled():
        planned = sample(tenant)
    return {
        "planning.ProgrammeCreateForm": (
            planning_perms.edit_programme,
            lambda access: [planning_forms.ProgrammeCreateForm(access=access)],
        ),
        "planning.GoalForm": (
            planning_perms.edit_programme,
            lambda access: [
                planning_forms.GoalForm(programme=planned["planning.programme"], access=access),
                planning_forms.GoalForm(
                    instance=planned["planning.goal"],
                    programme=planned["planning.programme"],
                    access=access,
                ),
            ],
        ),
        "planning.MeasureForm": (
            planning_perms.edit_programme,
            lambda access: [
                planning_forms.MeasureForm(goal=planned["planning.goal"], access=access),
                planning_forms.MeasureForm(
                    instance=planned["planning.measure"],
                    goal=planned["planning.goal"],
                    access=access,
                ),
            ],
        ),
    }


def linked_ids(form, name) -> set[int]:
    value = getattr(form.instance, f"{name}_id", None) if hasattr(form, "instance") else None
    return {value} if value is not None else set()


def test_every_form_with_model_choices_is_covered(tenant):
    covered = set(builders(tenant, {}))
    assert set(project_forms()) <= covered, set(project_forms()) - covered


def test_each_offered_choice_is_one_the_user_may_link_to(tenant, world):
    table = builders(tenant, world)
    checked = 0
    with scope(municipality=tenant.municipality.pk):
        for form_name, (permission, build) in table.items():
            for role, user in tenant.users.items():
                access = access_for(user, tenant.municipality)
                if not access.can(permission):
                    continue
                for form in build(access):
                    for name, field in form.fields.items():
                        if not isinstance(field, forms.ModelChoiceField):
                            continue
                        model = field.queryset.model
                        if not hasattr(model, "access_keys"):
                            continue  # reference data without reach (users, indicators)
                        where = f"{form_name}.{name} as {role}"
                        assert name in form.link_permissions, f"{where}: no link permission"
                        link = form.link_permissions[name]
                        offered = list(field.queryset)
                        keep = linked_ids(form, name)
                        for choice in offered:
                            assert access.can(link, choice) or choice.pk in keep, (
                                f"{where} offers {choice!r} outside the access rule"
                            )
                        base = getattr(form, "choice_bases", {}).get(name)
                        if base is not None:
                            # Exactly: nothing the rule allows is left out of the form's base.
                            expected = {o.pk for o in base if access.can(link, o) or o.pk in keep}
                            assert {c.pk for c in offered} == expected, where
                        checked += 1
    assert checked > 40


def test_partner_cannot_move_its_facility_into_another_centre_or_provider(client, tenant, world):
    """The attack of issue 8, item 1, forged as a POST: the centre and provider stay."""
    from verbund.tenancy.tests.factories import FamilyCentreFactory, ProviderFactory

    other_provider = ProviderFactory(municipality=tenant.municipality)
    other_centre = FamilyCentreFactory(municipality=tenant.municipality, provider=other_provider)
    client.force_login(tenant.users[Role.PARTNER])
    url = reverse("tenancy:facility_update", args=[tenant.municipality.slug, tenant.facility.pk])
    form = client.get(url).context["form"]
    assert form.fields["centre"].disabled and form.fields["provider"].disabled
    assert list(form.fields["centre"].queryset) == [tenant.centre]
    data = {
        "name": "Kita umbenannt",
        "kind": tenant.facility.kind,
        "street": tenant.facility.street,
        "postcode": tenant.facility.postcode,
        "city": tenant.facility.city,
        "centre": other_centre.pk,
        "provider": other_provider.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    with scopes_disabled():
        tenant.facility.refresh_from_db()
    assert tenant.facility.name == "Kita umbenannt"
    assert tenant.facility.centre_id == tenant.centre.pk
    assert tenant.facility.provider_id == tenant.provider.pk


@pytest.mark.parametrize(
    ("role", "field"),
    [
        (Role.COORDINATOR, "centre"),
        (Role.PROVIDER_ADMIN, "centre"),
        (Role.PROVIDER_ADMIN, "provider"),
    ],
)
def test_forged_choice_outside_the_rule_is_refused(client, tenant, world, role, field):
    from verbund.tenancy.tests.factories import FamilyCentreFactory, ProviderFactory

    other_provider = ProviderFactory(municipality=tenant.municipality)
    other_centre = FamilyCentreFactory(municipality=tenant.municipality, provider=other_provider)
    forged = {"centre": other_centre.pk, "provider": other_provider.pk}[field]
    client.force_login(tenant.users[role])
    url = reverse("tenancy:facility_update", args=[tenant.municipality.slug, tenant.facility.pk])
    data = {
        "name": tenant.facility.name,
        "kind": tenant.facility.kind,
        "street": tenant.facility.street,
        "postcode": tenant.facility.postcode,
        "city": tenant.facility.city,
        "centre": tenant.centre.pk,
        "provider": tenant.provider.pk,
        field: forged,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    with scopes_disabled():
        tenant.facility.refresh_from_db()
    assert (tenant.facility.centre_id, tenant.facility.provider_id) == (
        tenant.centre.pk,
        tenant.provider.pk,
    )
