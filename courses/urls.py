from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("du-tru-kinh-phi/", views.budget, name="budget"),
    path("du-tru-kinh-phi/xuat-excel/", views.budget_export, name="budget_export"),
    path("them/", views.course_create, name="course_create"),
    path("<int:pk>/", views.course_detail, name="course_detail"),
    path("<int:pk>/sua/", views.course_edit, name="course_edit"),
    path("<int:pk>/xoa/", views.course_delete, name="course_delete"),
    path("<int:pk>/ghi-danh/", views.enroll, name="enroll"),
    path("<int:pk>/hoc-vien/", views.enrollment_action, name="enrollment_action"),
    path("<int:pk>/hoc-vien/<int:enrollment_pk>/", views.enrollment_edit, name="enrollment_edit"),
]
