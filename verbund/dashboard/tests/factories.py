import factory

from verbund.dashboard.models import Notification
from verbund.tenancy.tests.factories import MunicipalityFactory, ScopesDisabledFactory


class NotificationFactory(ScopesDisabledFactory):
    class Meta:
        model = Notification

    municipality = factory.SubFactory(MunicipalityFactory)
    user = factory.SubFactory("verbund.accounts.tests.factories.UserFactory")
    key = factory.Sequence(lambda n: f"test.item:{n}")
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    action = "Erledigen"
    url = "/"
