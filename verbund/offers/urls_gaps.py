"""Gap analysis of the prevention chain (gaps part)."""

from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .views import gaps

BASE = TENANT_PREFIX + "angebote/"
ONE = BASE + "<int:offer_id>/"
GAPS = BASE + "luecken/"

urlpatterns: list = [
    path(GAPS, gaps.GapMatrixView.as_view(), name="gaps"),
    path(GAPS + "zelle/", gaps.GapCellView.as_view(), name="gaps_cell"),
    path(GAPS + "export.<exportformat:fmt>", gaps.GapExportView.as_view(), name="gaps_export"),
    path(GAPS + "pdf/", gaps.GapPdfView.as_view(), name="gaps_pdf"),
    path(
        GAPS + "bedarf/<int:need_id>/antwort/",
        gaps.NeedAnswerView.as_view(),
        name="gaps_need_answer",
    ),
]
