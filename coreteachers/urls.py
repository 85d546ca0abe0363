from django.urls import path

from . import views

app_name = "coreteachers"

urlpatterns = [
    path("", views.designation_list, name="designation_list"),
    path("cua-toi/", views.mine, name="mine"),
    path("phan-cong/", views.designation_create, name="designation_create"),
    path("thong-ke/", views.counts, name="counts"),
    path("<int:pk>/", views.designation_detail, name="designation_detail"),
    path("<int:pk>/thoi-phan-cong/", views.designation_revoke, name="designation_revoke"),
    path("<int:pk>/ke-hoach/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/ke-hoach/soan/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/ke-hoach/<slug:action>/", views.plan_action, name="plan_action"),
    path("<int:pk>/bao-cao/", views.report_detail, name="report_detail"),
    path("<int:pk>/bao-cao/soan/", views.report_edit, name="report_edit"),
    path("<int:pk>/bao-cao/<slug:action>/", views.report_action, name="report_action"),
]
