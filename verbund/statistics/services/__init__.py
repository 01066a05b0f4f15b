"""Every write of the statistics app (rule 1): the catalogue and saved mappings in
``catalogue``, the import flow with its background tasks in ``imports``."""

from django.core.exceptions import ValidationError

from .aliases import alias_create, indicators_create_for_columns
from .catalogue import (
    INDICATOR_FIELDS,
    indicator_catalogue_seed,
    indicator_create,
    indicator_delete,
    indicator_update,
    mapping_delete,
    mapping_save,
)
from .imports import (
    BACKGROUND_BYTES,
    check_task,
    commit_task,
    import_analyse,
    import_cancel,
    import_commit,
    import_refresh,
    import_retry,
)
from .uploads import MAX_UPLOAD_BYTES, UPLOAD_LIFETIME, import_upload
from .writer import BATCH_SIZE, _Writer

__all__ = [
    "BACKGROUND_BYTES",
    "BATCH_SIZE",
    "INDICATOR_FIELDS",
    "MAX_UPLOAD_BYTES",
    "UPLOAD_LIFETIME",
    "ValidationError",
    "_Writer",
    "alias_create",
    "check_task",
    "commit_task",
    "import_analyse",
    "import_cancel",
    "import_commit",
    "import_refresh",
    "import_retry",
    "import_upload",
    "indicator_catalogue_seed",
    "indicator_create",
    "indicator_delete",
    "indicator_update",
    "indicators_create_for_columns",
    "mapping_delete",
    "mapping_save",
]
