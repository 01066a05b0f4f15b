from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public site for families: centre homepages, the municipality portal, the offer
    finder and "Was fehlt Ihnen?". It reads the other apps through their selectors only
    (``docs/conventions.md``, layers); its own tables hold what is published (homepage
    texts, the municipality's legal pages) and anonymous counts of searches."""

    name = "verbund.public"
    label = "public"
    nav_group = "offers"  # main-menu section of its internal pages (verbund.core.navigation)
    verbose_name = _("Öffentliche Seiten")

    def ready(self) -> None:
        from verbund.core.pagecache import register_validators

        from . import actions, help, permissions  # noqa: F401
        from .caching import connect_signals, public_validators
        from .parts import ready_parts

        register_validators(public_validators)
        connect_signals()

        ready_parts(self)
