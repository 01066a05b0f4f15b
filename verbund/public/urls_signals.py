"""Routes of the signals part (see parts.py)."""

urlpatterns: list = []
