from django.urls import path

from . import views, views_dashboards

app_name = "plans"

urlpatterns = [
    path("cua-toi/", views.my_plan, name="my_plan"),
    path("cua-toi/bat-dau/", views.plan_start, name="plan_start"),
    path("cua-toi/sua/", views.plan_edit, name="plan_edit"),
    path("cua-toi/<slug:action>/", views.plan_owner_action, name="plan_owner_action"),
    path("truong/", views.plan_list, name="plan_list"),
    path("truong/duyet-nhieu/", views.plan_batch_approve, name="plan_batch_approve"),
    path("truong/tong-hop/", views.school_plan, name="school_plan"),
    path("truong/tong-hop/in/<slug:fmt>/", views.school_plan_document, name="school_plan_document"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/in/<slug:fmt>/", views.plan_document, name="plan_document"),
    path("<int:pk>/<slug:action>/", views.plan_decide, name="plan_decide"),
    path("nam-hoc/tien-do/", views_dashboards.plan_dashboard, name="plan_dashboard"),
    path("nam-hoc/tien-do/don-vi/<int:unit_pk>/", views_dashboards.plan_dashboard_unit, name="plan_dashboard_unit"),
]
