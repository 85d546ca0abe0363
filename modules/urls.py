from django.urls import path

from . import views

app_name = "modules"

urlpatterns = [
    path("", views.module_list, name="module_list"),
    path("them/", views.module_create, name="module_create"),
    path("<int:pk>/sua/", views.module_edit, name="module_edit"),
    path("<int:pk>/ngung-su-dung/", views.module_retire, name="module_retire"),
    path("<int:pk>/dung-lai/", views.module_restore, name="module_restore"),
    path("nhap-excel/", views.catalog_import, name="catalog_import"),
    path("nhap-excel/mau.xlsx", views.catalog_template, name="catalog_template"),
    path("chuyen-de/", views.topic_list, name="topic_list"),
    path("chuyen-de/nam-hoc/<int:year_id>/them/", views.topic_create, name="topic_create"),
    path("chuyen-de/<int:pk>/sua/", views.topic_edit, name="topic_edit"),
    path("chuyen-de/<int:pk>/xoa/", views.topic_delete, name="topic_delete"),
]
