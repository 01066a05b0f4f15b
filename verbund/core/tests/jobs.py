"""Job types used by the tests of ``verbund.core.tasks`` (importable by a worker process)."""

from verbund.core.tasks import JobError, tenant_task
from verbund.tenancy.models import FamilyCentre

CALLS: list[dict] = []


@tenant_task
def count_centres(job, *, note: str = "") -> dict:
    """Reads a tenant model: works only inside the job's scope."""
    job.progress(1, 2)
    return {"centres": FamilyCentre.objects.count(), "note": note}


@tenant_task(attempts=3, retry_delay=10)
def flaky(job, *, fail_times: int) -> str:
    CALLS.append({"job": job.pk})
    if len(CALLS) <= fail_times:
        raise ConnectionError("Mailserver nicht erreichbar")
    return "ok"


@tenant_task
def refuse(job) -> None:
    raise JobError("Das geht so nicht.")
