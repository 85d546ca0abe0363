from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("don-vi/<int:pk>/", views.unit_timeline, name="unit_timeline"),
    path("can-bo/<int:pk>/", views.person_timeline, name="person_timeline"),
]
