from django.urls import path

from . import views

app_name = "qualifications"

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("can-bo/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("can-bo/<int:pk>/sua/", views.qualification_edit, name="qualification_edit"),
    path("can-bo/<int:pk>/chung-chi/them/", views.certificate_add, name="certificate_add"),
    path("chung-chi/<int:pk>/xoa/", views.certificate_delete, name="certificate_delete"),
    path("danh-dau-gv-tieng-anh/", views.english_mark, name="english_mark"),
    path("xuat-excel/", views.export_start, name="export_start"),
    path("tong-hop/", views.dashboard, name="dashboard"),
    path("tong-hop/don-vi/<int:unit_pk>/", views.dashboard_unit, name="dashboard_unit"),
    path("chi-tieu/", views.target_list, name="target_list"),
    path("chi-tieu/<int:pk>/sua/", views.target_edit, name="target_edit"),
    path("chi-tieu/<int:pk>/xoa/", views.target_delete, name="target_delete"),
    path("chi-tieu/sao-chep/", views.targets_copy, name="targets_copy"),
    path("chi-tieu/mau-tphcm-2013-2015/", views.targets_load_preset, name="targets_load_preset"),
    path("quy-doi-cefr/", views.conversion_tables, name="conversion_tables"),
]
