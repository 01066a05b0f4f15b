"""Sample values for this app's URL kwargs (``centre_id`` comes from tenancy)."""

SAMPLES: dict = {}
