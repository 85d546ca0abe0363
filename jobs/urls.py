"""Job pages under /bao-cao/viec/."""

from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("viec/", views.job_list, name="job_list"),
    path("viec/<int:pk>/", views.job_detail, name="job_detail"),
    path("viec/<int:pk>/tien-do/", views.job_progress, name="job_progress"),
    path("viec/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("viec/<int:pk>/thu-lai/", views.job_retry, name="job_retry"),
    path("viec/<int:pk>/huy/", views.job_cancel, name="job_cancel"),
]
