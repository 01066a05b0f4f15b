"""URL kwargs of the finder part. ``offer_id`` is the offers app's sample (a public offer)."""

SAMPLES: dict = {"municipality": lambda tenant: tenant.municipality.slug}
