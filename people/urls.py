"""Staff import (/can-bo/nhap-excel/…) and the staff list export (/bao-cao/xuat/can-bo/)."""

from django.urls import path

from . import views_accounts, views_export, views_import, views_units

app_name = "people"

urlpatterns = [
    path("can-bo/nhap-excel/", views_import.staff_import, name="staff_import"),
    path("can-bo/nhap-excel/mau.xlsx", views_import.staff_import_template, name="staff_import_template"),
    path("bao-cao/xuat/can-bo/", views_export.staff_export_start, name="staff_export_start"),
    path("tai-khoan/cho-dang-nhap/", views_accounts.credentials, name="credentials"),
    path("tai-khoan/them/", views_accounts.office_account_create, name="office_account_create"),
    path("don-vi/nhap-excel/", views_import.units_import_page, name="units_import"),
    path("don-vi/them/", views_units.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/sua/", views_units.unit_edit, name="unit_edit"),
    path("don-vi/nhap-excel/mau.xlsx", views_import.units_import_template, name="units_import_template"),
    path("tai-khoan/<int:pk>/cap-lai-mat-khau/", views_accounts.password_reset_for, name="password_reset_for"),
]
