from django.urls import include, path

from . import views

app_name = "plans"

urlpatterns = [
    path("nam-hoc/", include("plans.urls_years")),
    path("nhat-ky/", include("plans.urls_study")),
]
