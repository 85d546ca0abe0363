"""Training years, deadlines and reopenings, under /ke-hoach/nam-hoc/."""

from django.urls import path

from . import views

app_name = "years"

urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("them/", views.year_create, name="year_create"),
    path("<int:pk>/", views.year_detail, name="year_detail"),
    path("<int:pk>/sua/", views.year_edit, name="year_edit"),
    path("<int:pk>/dat-hien-tai/", views.year_set_current, name="year_set_current"),
    path("<int:pk>/thoi-han/", views.deadline_edit, name="deadline_edit"),
    path("<int:pk>/thoi-han/<int:deadline_pk>/mo-lai/", views.deadline_reopen, name="deadline_reopen"),
    path("<int:pk>/mo-lai/<int:reopening_pk>/huy/", views.deadline_reopening_cancel, name="deadline_reopening_cancel"),
    path("<int:pk>/mo-som-danh-gia/<int:unit_pk>/", views.evaluation_open_early, name="evaluation_open_early"),
    path("<int:pk>/mo-som-danh-gia/<int:unit_pk>/huy/", views.evaluation_early_cancel, name="evaluation_early_cancel"),
]
