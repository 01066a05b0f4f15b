"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests."""


def _area(tenant):
    from verbund.analysis.tests.factories import AreaFactory

    area = tenant.extra.get("analysis_area")
    if area is None:
        area = AreaFactory(municipality=tenant.municipality, code=f"iso-{tenant.municipality.pk}")
        area.centres.add(tenant.centre)
        tenant.extra["analysis_area"] = area
    return area.pk


def _indicator(tenant):
    from verbund.analysis.tests.factories import IndicatorFactory

    indicator = tenant.extra.get("analysis_indicator")
    if indicator is None:
        indicator = IndicatorFactory(
            municipality=tenant.municipality, key=f"isolation-{tenant.municipality.slug}"
        )
        tenant.extra["analysis_indicator"] = indicator
    return indicator.key


def _need(tenant):
    from verbund.analysis.tests.factories import NeedFactory

    need = tenant.extra.get("analysis_need")
    if need is None:
        need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre)
        tenant.extra["analysis_need"] = need
    return need.pk


def _rule(tenant):
    from verbund.analysis.tests.factories import NeedRuleFactory

    rule = tenant.extra.get("analysis_rule")
    if rule is None:
        rule = NeedRuleFactory(municipality=tenant.municipality)
        tenant.extra["analysis_rule"] = rule
    return rule.pk


SAMPLES = {
    "area_id": _area,
    "indicator_key": _indicator,
    "centre_id": lambda tenant: tenant.centre.pk,
    "year": lambda tenant: 2024,
    "need_id": _need,
    "rule_id": _rule,
}
