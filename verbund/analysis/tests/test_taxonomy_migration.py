"""Issue 10, item 1: the needs' fixed choices became terms of the shared taxonomy without loss.

Migrates the analysis back to before the change (which also proves the way back), stores a
need and a rule with every old key (plus a key the defaults lack) and migrates forward again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_scopes import scopes_disabled

BEFORE = [("analysis", "0002_needevidence_observation")]
OLD_LIFE_PHASES = ["pregnancy", "0-1", "1-3", "3-6", "6-10", "10-16", "16-21", "all"]
OLD_TOPICS = [
    "education",
    "health",
    "parenting",
    "childcare",
    "poverty",
    "participation",
    "transitions",
    "work_life",
    "integration",
]
OLD_TARGET_GROUPS = [
    "families",
    "expectant_parents",
    "single_parents",
    "refugees",
    "other_language",
    "low_income",
    "working_parents",
    "children",
    "youth",
    "disability",
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    # Every app's leaf, not only the analysis': going back unapplies the apps that depend on
    # it (planning, budget, ...), and the tests after this one need their tables again.
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_every_old_key_survives_with_its_meaning():
    from verbund.analysis.models import Need, NeedRule
    from verbund.taxonomy.models import Term
    from verbund.tenancy.tests.factories import FamilyCentreFactory, MunicipalityFactory

    municipality = MunicipalityFactory()
    other = MunicipalityFactory()
    centre = FamilyCentreFactory(municipality=municipality)
    with scopes_disabled():
        # A municipality that renamed a default keeps its own label.
        Term.objects.filter(municipality=municipality, vocabulary="topic", key="health").update(
            label="Gesundheit"
        )
        # The migration must create a term rather than lose a value the defaults lack.
        Term.objects.filter(municipality=municipality, vocabulary="topic", key="work_life").delete()
    latest = _latest()
    old = _migrate(BEFORE)
    OldNeed = old.get_model("analysis", "Need")
    OldRule = old.get_model("analysis", "NeedRule")
    rows = []
    for index in range(max(len(OLD_LIFE_PHASES), len(OLD_TOPICS), len(OLD_TARGET_GROUPS))):
        keys = (
            OLD_LIFE_PHASES[index % len(OLD_LIFE_PHASES)],
            OLD_TOPICS[index % len(OLD_TOPICS)],
            OLD_TARGET_GROUPS[index % len(OLD_TARGET_GROUPS)],
        )
        need = OldNeed._base_manager.create(
            municipality_id=municipality.pk,
            centre_id=centre.pk,
            title=f"Bedarf {index}",
            life_phase=keys[0],
            topic=keys[1],
            target_group=keys[2],
        )
        rows.append((need.pk, keys))
    rule = OldRule._base_manager.create(
        municipality_id=municipality.pk,
        name="Regel",
        kind="figure_share",
        figure="single_parents",
        threshold=10,
        need_title="x",
        life_phase="3-6",
        topic="work_life",
        target_group="youth",
    )

    _migrate(latest)

    with scopes_disabled():
        for pk, (life_phase, topic, target_group) in rows:
            need = Need.objects.select_related("life_phase", "topic", "target_group").get(pk=pk)
            assert (need.life_phase.key, need.topic.key, need.target_group.key) == (
                life_phase,
                topic,
                target_group,
            )
            for term, vocabulary in (
                (need.life_phase, "life_phase"),
                (need.topic, "topic"),
                (need.target_group, "target_group"),
            ):
                assert term.municipality_id == municipality.pk
                assert term.vocabulary == vocabulary
        health = Need.objects.filter(topic__key="health").first()
        assert health.topic.label == "Gesundheit"
        recreated = Term.objects.get(municipality=municipality, vocabulary="topic", key="work_life")
        assert recreated.label == "Vereinbarkeit von Familie und Beruf"
        rule = NeedRule.objects.get(pk=rule.pk)
        assert (rule.life_phase.key, rule.topic_id, rule.target_group.key) == (
            "3-6",
            recreated.pk,
            "youth",
        )
        assert not Term.objects.filter(municipality=other, vocabulary="topic", key="x").exists()
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == [], (
        "the test must leave every migration applied for the tests after it"
    )
