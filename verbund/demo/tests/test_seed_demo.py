import io

import pytest
from django.core.management import call_command, get_commands
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership, User
from verbund.analysis.models import Need
from verbund.areas.models import Area, Walk
from verbund.budget.models import ActionBudget, BudgetApplication, Spending
from verbund.cooperation.models import Agreement
from verbund.core.roles import Role
from verbund.demo.management.commands.seed_demo import DEMO_EXTENSIONS, DEMO_PASSWORD
from verbund.documents.models import Document
from verbund.feeds.models import FeedSource
from verbund.meetings.models import (
    ActionItem,
    Attendance,
    Circle,
    Decision,
    Meeting,
    MinutesDelivery,
)
from verbund.network.models import Body, Organisation, Relationship
from verbund.offers.models import Offer, OfferOrigin
from verbund.planning.models import Goal, GoalReview, Programme
from verbund.quality.models import CriterionCheck, SelfCheck
from verbund.rooms.models import Booking, HolidayPeriod, Room, RoomShare
from verbund.statistics.models import IndicatorValue
from verbund.tenancy.models import Facility, FamilyCentre, Municipality
from verbund.visits.models import Family, Visit

pytestmark = pytest.mark.django_db


def demo_counts(town) -> dict[str, int]:
    """How many objects each capability's demo content made in the town."""
    models = (
        Area,
        Walk,
        IndicatorValue,
        Need,
        Organisation,
        Relationship,
        Body,
        Agreement,
        Room,
        RoomShare,
        Booking,
        HolidayPeriod,
        Offer,
        Meeting,
        Circle,
        Attendance,
        Decision,
        ActionItem,
        MinutesDelivery,
        Family,
        Visit,
        Document,
        Programme,
        Goal,
        GoalReview,
        SelfCheck,
        CriterionCheck,
        ActionBudget,
        BudgetApplication,
        Spending,
        FeedSource,
        OfferOrigin,
    )
    return {model.__name__: model.objects.filter(municipality=town).count() for model in models}


def test_seed_demo_builds_a_municipality_with_a_login_per_role():
    call_command("seed_demo", stdout=io.StringIO())
    with scopes_disabled():
        town = Municipality.objects.get(slug="lindenhagen")
        centres = FamilyCentre.objects.filter(municipality=town)
        assert centres.count() == 4
        assert centres.values("provider").distinct().count() == 4
        assert Facility.objects.filter(municipality=town).count() >= 20
        roles = set(Membership.objects.filter(municipality=town).values_list("role", flat=True))
    assert roles == set(Role.values)
    with scopes_disabled():
        counts = demo_counts(town)
    assert all(counts.values()), counts
    with scopes_disabled():
        # Every facility of a Verbund is its organisation in the network: one record each.
        facilities = Facility.objects.filter(municipality=town, archived_at__isnull=True)
        assert not facilities.filter(organisation__isnull=True).exists()
        names = list(Organisation.objects.filter(municipality=town).values_list("name", flat=True))
        assert len(names) == len(set(names))
        member = Organisation.objects.filter(municipality=town, facility__isnull=False).first()
        assert member.languages == ["Deutsch"] and member.areas_served.exists()
        # The internal circle has members from two centres; an organisation and a guest attended.
        circle = Circle.objects.get(municipality=town)
        centres_of_members = set(
            circle.members.filter(memberships__centre__isnull=False).values_list(
                "memberships__centre", flat=True
            )
        )
        assert len(centres_of_members) >= 2
        lines = Attendance.objects.filter(meeting__circle=circle)
        assert lines.filter(organisation__isnull=False).exists()
        assert lines.exclude(guest_name="").exists()
    for user in User.objects.filter(memberships__municipality=town):
        assert user.check_password(DEMO_PASSWORD)
    # Running it again changes nothing.
    call_command("seed_demo", stdout=io.StringIO())
    assert Municipality.objects.filter(slug="lindenhagen").count() == 1
    with scopes_disabled():
        assert demo_counts(town) == counts


def test_every_demo_extension_is_a_command_of_the_demo_app():
    commands = get_commands()
    for command in DEMO_EXTENSIONS:
        assert commands.get(command) == "verbund.demo", command
