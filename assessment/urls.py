from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("nhap-diem/", views.score_grid, name="score_grid"),
    path("nhap-diem/tinh/<int:plan_id>/", views.score_preview, name="score_preview"),
    path("nhap-diem/mau-excel/", views.score_template, name="score_template"),
    path("nhap-diem/excel/", views.score_import, name="score_import"),
    path("nhap-diem/bien-ban/<slug:fmt>/", views.group_minutes, name="group_minutes"),
    path("lich-su/<int:plan_id>/", views.plan_history, name="plan_history"),
    path("ket-qua-cua-toi/", views.my_result, name="my_result"),
    path("xac-nhan/", views.confirmation, name="confirmation"),
    path("xac-nhan/<int:school_id>/", views.confirmation_detail, name="confirmation_detail"),
    path("xac-nhan/<int:school_id>/xac-nhan/", views.results_confirm, name="results_confirm"),
    path("xac-nhan/<int:school_id>/mo-lai/", views.results_reopen, name="results_reopen"),
    path("xac-nhan/<int:school_id>/cbql/xac-nhan/", views.managers_confirm, name="managers_confirm"),
    path("xac-nhan/<int:school_id>/cbql/mo-lai/", views.managers_reopen, name="managers_reopen"),
]
