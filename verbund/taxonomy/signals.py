"""New municipalities start with the default terms."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from verbund.tenancy.models import Municipality


@receiver(post_save, sender=Municipality, dispatch_uid="taxonomy_seed_terms")
def seed_terms(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import taxonomy_seed

        taxonomy_seed(municipality=instance)
