"""BDTX results dashboards and exports, under /bao-cao/ket-qua/thong-ke/.

The report chain owns /bao-cao/ket-qua/ and /bao-cao/ket-qua/don-vi/…, so every page here lives under thong-ke/.
"""

from django.urls import path

from . import views_nation
from . import views_results as views

app_name = "results"

urlpatterns = [
    path("thong-ke/", views.results_home, name="results_home"),
    path("thong-ke/don-vi/<int:unit_pk>/", views.results_unit, name="results_unit"),
    path("thong-ke/qua-cac-nam/", views.results_years, name="results_years"),
    path("thong-ke/chua-hoan-thanh/<int:unit_pk>/", views.results_not_completed, name="results_not_completed"),
    path("thong-ke/nguoi/<int:unit_pk>/", views.results_people, name="results_people"),
    path("thong-ke/don-vi/<int:unit_pk>/bao-cao.<str:fmt>", views.results_school_report, name="results_school_report"),
    path("thong-ke/xuat-excel/", views.results_export_start, name="results_export_start"),
    path("thong-ke/toan-quoc/", views_nation.results_nation, name="results_nation"),
]
