"""Report chain, Ministry report and notification pages under /bao-cao/."""

from django.urls import path

from . import views_chain as views
from . import views_documents, views_notifications

app_name = "reports"

urlpatterns = [
    path("ket-qua/", views.chain_home, name="chain_home"),
    path("ket-qua/don-vi/<int:unit_id>/", views.chain_unit, name="chain_unit"),
    path("ket-qua/don-vi/<int:unit_id>/nop/", views.chain_submit, name="chain_submit"),
    path("ket-qua/don-vi/<int:unit_id>/nguoi/", views.chain_people, name="chain_people"),
    path("ket-qua/<int:pk>/tiep-nhan/", views.chain_accept, name="chain_accept"),
    path("ket-qua/<int:pk>/tra-lai/", views.chain_return, name="chain_return"),
    path("ket-qua/nhac/", views.chain_remind, name="chain_remind"),
    path("gui-bo/", views.ministry_report, name="ministry_report"),
    path("gui-bo/excel/", views.ministry_export, name="ministry_export"),
    path("gui-bo/van-ban/", views.ministry_paper, name="ministry_paper"),
    path("gui-bo/van-ban.<str:fmt>", views.ministry_document, name="ministry_document"),
    path("gui-bo/ban-da-ky/", views.ministry_scan, name="ministry_scan"),
    path("gui-bo/ban-da-ky/tai-ve/", views.ministry_scan_download, name="ministry_scan_download"),
    path("nam-hoc/<int:year_pk>/ke-hoach-bdtx/", views_documents.plan_letter, name="plan_letter"),
    path("thong-bao/", views_notifications.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/", views_notifications.notification_open, name="notification_open"),
    path("thong-bao/da-doc/", views_notifications.notification_read_all, name="notification_read_all"),
    path("thong-bao/nhan-qua-thu/", views_notifications.email_settings, name="email_settings"),
    path("thong-bao/thu-chua-gui/", views_notifications.email_outbox, name="email_outbox"),
]
