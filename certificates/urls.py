from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("cua-toi/", views.my_certificates, name="my_certificates"),
    path("cua-toi/xac-nhan/", views.my_data_confirm, name="my_data_confirm"),
    path("cua-toi/phieu-xac-nhan.<str:fmt>", views.my_data_sheet, name="my_data_sheet"),
    path("cua-toi/de-nghi-dieu-chinh/", views.my_data_request, name="my_data_request"),
    path("truong/", views.school_list, name="school_list"),
    path("truong/<int:school_id>/", views.school_detail, name="school_detail"),
    path("truong/<int:school_id>/cap/", views.school_issue, name="school_issue"),
    path("truong/<int:school_id>/in-pdf/", views.school_pdf, name="school_pdf"),
    path("truong/<int:school_id>/xac-nhan-thay/<int:staff_id>/", views.school_confirm_for, name="school_confirm_for"),
    path("truong/<int:school_id>/xac-nhan-thong-tin.<str:fmt>", views.school_data_list, name="school_data_list"),
    path(
        "truong/<int:school_id>/phieu-xac-nhan/<int:staff_id>.<str:fmt>",
        views.school_data_sheet,
        name="school_data_sheet",
    ),
    path("so/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("so/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("so/<int:pk>/cap-lai/", views.certificate_correct, name="certificate_correct"),
    path("dieu-chinh/", views.corrections, name="corrections"),
    path("dieu-chinh/<int:pk>/ap-dung/", views.correction_apply, name="correction_apply"),
    path("dieu-chinh/<int:pk>/tu-choi/", views.correction_reject, name="correction_reject"),
    path("dieu-chinh/xuat-excel/", views.corrections_export, name="corrections_export"),
    path("xac-minh/<str:token>/", views.verify, name="verify"),
]
