import factory

from verbund.core.models import BackgroundJob, JobStatus
from verbund.tenancy.tests.factories import MunicipalityFactory, ScopesDisabledFactory


class BackgroundJobFactory(ScopesDisabledFactory):
    class Meta:
        model = BackgroundJob

    municipality = factory.SubFactory(MunicipalityFactory)
    task = "verbund.statistics.services.imports.check_task"
    label = factory.Sequence(lambda n: f"Prüfung {n}")
    status = JobStatus.QUEUED
