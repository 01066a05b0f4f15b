"""Routes of the homepage part (see parts.py)."""

urlpatterns: list = []
