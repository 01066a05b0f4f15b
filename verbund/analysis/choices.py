"""Vocabulary of the analysis: life phases of the prevention chain, target groups, topics."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LifePhase(models.TextChoices):
    PREGNANCY = "pregnancy", _("Schwangerschaft")
    AGE_0_1 = "0-1", _("0–1 Jahre")
    AGE_1_3 = "1-3", _("1–3 Jahre")
    AGE_3_6 = "3-6", _("3–6 Jahre")
    AGE_6_10 = "6-10", _("6–10 Jahre (Grundschule)")
    AGE_10_16 = "10-16", _("10–16 Jahre (Sekundarstufe I)")
    AGE_16_21 = "16-21", _("16–21 Jahre (Übergang Schule–Beruf)")
    ALL = "all", _("alle Lebensphasen")


class TargetGroup(models.TextChoices):
    FAMILIES = "families", _("Familien allgemein")
    EXPECTANT_PARENTS = "expectant_parents", _("werdende Eltern")
    SINGLE_PARENTS = "single_parents", _("Alleinerziehende")
    REFUGEES = "refugees", _("Familien mit Fluchterfahrung")
    OTHER_LANGUAGE = "other_language", _("Familien mit anderer Familiensprache")
    LOW_INCOME = "low_income", _("Familien mit geringem Einkommen")
    WORKING_PARENTS = "working_parents", _("berufstätige Eltern")
    CHILDREN = "children", _("Kinder")
    YOUTH = "youth", _("Jugendliche")
    DISABILITY = "disability", _("Familien mit Kindern mit Behinderung")


class Topic(models.TextChoices):
    EDUCATION = "education", _("Bildung und Sprache")
    HEALTH = "health", _("Gesundheit und Bewegung")
    PARENTING = "parenting", _("Erziehung und Elternberatung")
    CHILDCARE = "childcare", _("Kinderbetreuung")
    POVERTY = "poverty", _("Armut und materielle Lage")
    PARTICIPATION = "participation", _("Teilhabe und Freizeit")
    TRANSITIONS = "transitions", _("Übergänge")
    WORK_LIFE = "work_life", _("Vereinbarkeit von Familie und Beruf")
    INTEGRATION = "integration", _("Ankommen und Integration")


class Priority(models.TextChoices):
    HIGH = "high", _("hoch")
    MEDIUM = "medium", _("mittel")
    LOW = "low", _("niedrig")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("offen – zu prüfen")
    CONFIRMED = "confirmed", _("bestätigt")
    IN_PROGRESS = "in_progress", _("in Bearbeitung")
    MET = "met", _("gedeckt")
    REJECTED = "rejected", _("verworfen")


class IndexMethod(models.TextChoices):
    THRESHOLDS = "thresholds", _("Schwellenwerte (Standardabweichungen)")
    QUANTILES = "quantiles", _("Quantile (Anteile der Gebiete)")
