"""Routes of the finder part (see parts.py)."""

urlpatterns: list = []
