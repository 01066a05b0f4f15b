"""New municipalities start with the default indicator catalogue."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from verbund.tenancy.models import Municipality


@receiver(post_save, sender=Municipality, dispatch_uid="statistics_seed_catalogue")
def seed_catalogue(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import indicator_catalogue_seed

        indicator_catalogue_seed(municipality=instance)
