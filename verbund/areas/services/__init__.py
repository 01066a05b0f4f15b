"""Every write to areas, Sozialräume, imports and walks: validate, save, log, atomically.

The public names of the modules are re-exported here, so callers keep using
``from verbund.areas import services`` / ``services.walk_create(...)``.
"""

from ..import_write import UPDATE_FIELDS
from .editing import AREA_EDIT_FIELDS, area_delete, area_update, centre_areas_set
from .import_jobs import (
    area_import_cancel,
    area_import_commit,
    area_import_refresh,
    area_import_retry,
)
from .importing import (
    STALE_PREVIEW,
    ImportOptions,
    ImportReport,
    area_import_discard,
    area_import_prepare,
    area_import_reconfigure,
    areas_import,
)
from .parents import (
    CONFLICT_POINT,
    CONFLICT_PREFIX,
    PARENT_CLEAR,
    PARENT_POINT,
    PARENT_PREFIX,
)
from .walks import (
    MAX_PHOTOS_PER_OBSERVATION,
    OBSERVATION_FIELDS,
    WALK_FIELDS,
    observation_create,
    observation_delete,
    observation_update,
    walk_create,
    walk_delete,
    walk_update,
)

__all__ = [
    "AREA_EDIT_FIELDS",
    "CONFLICT_POINT",
    "CONFLICT_PREFIX",
    "MAX_PHOTOS_PER_OBSERVATION",
    "OBSERVATION_FIELDS",
    "PARENT_CLEAR",
    "PARENT_POINT",
    "PARENT_PREFIX",
    "STALE_PREVIEW",
    "UPDATE_FIELDS",
    "WALK_FIELDS",
    "ImportOptions",
    "ImportReport",
    "area_delete",
    "area_import_cancel",
    "area_import_commit",
    "area_import_discard",
    "area_import_prepare",
    "area_import_reconfigure",
    "area_import_refresh",
    "area_import_retry",
    "area_update",
    "areas_import",
    "centre_areas_set",
    "observation_create",
    "observation_delete",
    "observation_update",
    "walk_create",
    "walk_delete",
    "walk_update",
]
