"""Sample values for the signals part's URL kwargs (hints from families, offer translations)."""


def _signal(tenant):
    from django_scopes import scopes_disabled

    from verbund.analysis.signals_models import NeedSignal

    signal = tenant.extra.get("need_signal")
    if signal is None:
        with scopes_disabled():
            signal = NeedSignal.objects.create(
                municipality=tenant.municipality,
                centre=tenant.centre,
                text="Ein Elterncafé am Abend",
            )
        tenant.extra["need_signal"] = signal
    return signal.pk


SAMPLES = {
    "signal_id": _signal,
    "translation_language": lambda tenant: "en",
}
