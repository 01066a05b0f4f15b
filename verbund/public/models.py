from .finder.models import SearchCount  # noqa: F401
