import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

from verbund.core.warm_process import settle  # noqa: E402 - needs the apps loaded above

settle()
