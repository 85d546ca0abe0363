from django.urls import path

from . import views, views_restructure

app_name = "accounts"

urlpatterns = [
    path("ho-so-cua-toi/", views.my_profile, name="my_profile"),
    path("can-bo/", views.staff_list, name="staff_list"),
    path("can-bo/them/", views.staff_create, name="staff_create"),
    path("can-bo/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("can-bo/<int:pk>/sua/", views.staff_edit, name="staff_edit"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/van-ban/", views.letterhead_settings, name="letterhead_settings"),
    path("don-vi/van-ban/mau.<str:fmt>", views.letterhead_sample, name="letterhead_sample"),
    # Sắp xếp lại đơn vị: form → preview → confirmation, each an operation of accounts.restructure.
    *[
        path(f"don-vi/<int:pk>/{slug}/", views_restructure.unit_restructure, {"operation": name}, name=f"unit_{name}")
        for slug, name in (
            ("chuyen", "move"),
            ("giai-the", "dissolve"),
            ("sap-nhap", "merge"),
            ("doi-ten", "rename"),
            ("cap-hoc-qua-xa", "levels"),
        )
    ],
    path("ho-tro-nguoi-dung/", views.support_contact, name="support_contact"),
]
