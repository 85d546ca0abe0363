from django.urls import path

from . import views

app_name = "gdpt"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("dot/moi/", views.campaign_create, name="campaign_create"),
    path("dot/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("dot/<int:pk>/sua/", views.campaign_edit, name="campaign_edit"),
    path("dot/<int:pk>/xuat/<slug:kind>/", views.campaign_export, name="campaign_export"),
    path("dot/<int:pk>/truong/<int:school_id>/", views.review_detail, name="review_detail"),
    path("dot/<int:pk>/truong/<int:school_id>/gui/", views.review_submit, name="review_submit"),
    path("dot/<int:pk>/truong/<int:school_id>/mo-lai/", views.review_reopen, name="review_reopen"),
    path(
        "dot/<int:pk>/truong/<int:school_id>/can-bo/<int:staff_id>/",
        views.review_entry,
        name="review_entry",
    ),
    path("nhap-lms/", views.lms_import, name="lms_import"),
    path("nhap-lms/tep-mau/", views.lms_template, name="lms_template"),
]
