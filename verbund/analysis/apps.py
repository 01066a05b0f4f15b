from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "verbund.analysis"
    label = "analysis"
    verbose_name = _("Sozialraumanalyse: Profile, Kennzahlen der Zentren und Bedarfe")
