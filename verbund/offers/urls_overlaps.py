from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .views import overlaps, referrals

BASE = TENANT_PREFIX + "angebote/"
ONE = BASE + "<int:offer_id>/"

urlpatterns: list = [
    path(
        BASE + "doppelstrukturen/",
        overlaps.DuplicateReportView.as_view(),
        name="overlap_report",
    ),
    path(
        BASE + "doppelstrukturen/export.<exportformat:fmt>",
        overlaps.DuplicateExportView.as_view(),
        name="overlap_export",
    ),
    path(
        BASE + "doppelstrukturen/ergaenzend/",
        overlaps.ComplementaryListView.as_view(),
        name="overlap_complementary",
    ),
    path(
        BASE + "doppelstrukturen/ergaenzend/<int:pair_id>/aufheben/",
        overlaps.UnmarkView.as_view(),
        name="overlap_unmark",
    ),
    path(
        BASE + "doppelstrukturen/<int:offer_id>/<int:other_offer_id>/",
        overlaps.PairView.as_view(),
        name="overlap_pair",
    ),
    path(BASE + "leistungsarten/", overlaps.SiloView.as_view(), name="silo_overview"),
    path(ONE + "vermittlung/", referrals.ReferralCreateView.as_view(), name="referral_create"),
    path(BASE + "vermittlungen/", referrals.ReferralListView.as_view(), name="referral_list"),
    path(
        BASE + "vermittlungen/zahlen/",
        referrals.ReferralCountsView.as_view(),
        name="referral_counts",
    ),
    path(
        BASE + "vermittlungen/<int:referral_id>/ergebnis/",
        referrals.ReferralOutcomeView.as_view(),
        name="referral_outcome",
    ),
]
