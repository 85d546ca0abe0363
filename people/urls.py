"""Staff import and export pages. Their names stay where they were: the import in the ``accounts`` namespace
(/can-bo/nhap-excel/…), the export in ``reports`` (/bao-cao/xuat/can-bo/); bdtx/urls.py assembles both."""

from django.urls import path

from . import views_export, views_import

accounts_urlpatterns = [
    path("can-bo/nhap-excel/", views_import.staff_import, name="staff_import"),
    path("can-bo/nhap-excel/mau.xlsx", views_import.staff_import_template, name="staff_import_template"),
]

reports_urlpatterns = [
    path("xuat/can-bo/", views_export.staff_export_start, name="staff_export_start"),
]
