"""BDTX results dashboards and exports, under /bao-cao/ket-qua/ (names in the ``reports`` namespace)."""

from django.urls import path

from . import views_results as views

urlpatterns = [
    path("", views.results_home, name="results_home"),
    path("don-vi/<int:unit_pk>/", views.results_unit, name="results_unit"),
    path("qua-cac-nam/", views.results_years, name="results_years"),
    path("chua-hoan-thanh/<int:unit_pk>/", views.results_not_completed, name="results_not_completed"),
    path("xuat-excel/", views.results_export_start, name="results_export_start"),
]
