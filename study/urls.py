"""Study logs, evidence, confirmation and school sessions, under /ke-hoach/nhat-ky/."""

from django.urls import path

from . import views

app_name = "study"

urlpatterns = [
    path("", views.study_log, name="study_log"),
    path("noi-dung/<int:item_pk>/ghi/", views.study_log_add, name="study_log_add"),
    path("<int:pk>/", views.study_log_detail, name="study_log_detail"),
    path("<int:pk>/xoa/", views.study_log_delete, name="study_log_delete"),
    path("<int:pk>/minh-chung/", views.evidence_add, name="evidence_add"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xem/", views.evidence_preview, name="evidence_preview"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("xac-nhan/", views.study_confirm, name="study_confirm"),
    path("buoi-sinh-hoat/", views.session_list, name="session_list"),
    path("buoi-sinh-hoat/them/", views.session_create, name="session_create"),
    path("buoi-sinh-hoat/<int:pk>/", views.session_edit, name="session_edit"),
]
