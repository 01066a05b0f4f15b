from django.urls import path  # noqa: F401

from verbund.core.urls import TENANT_PREFIX  # noqa: F401

app_name = "statistics"

urlpatterns: list = []
