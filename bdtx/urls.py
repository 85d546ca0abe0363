from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views_password

from . import health, views, views_help

urlpatterns = [
    path("", views.home, name="home"),
    # /health/, /health/live/, /health/ready/: answered by bdtx.health.HealthCheckMiddleware before the rest.
    *health.urlpatterns,
    path("huong-dan/", views_help.help_home, name="help"),
    path("huong-dan/<slug:role>/", views_help.help_role, name="help_role"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views_password.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", views_password.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views_password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", include("accounts.urls")),
    path("", include("people.urls")),
    path("mo-dun/", include("modules.urls")),
    path("ke-hoach/nam-hoc/", include("years.urls")),
    path("ke-hoach/nhat-ky/", include("study.urls")),
    path("ke-hoach/", include("plans.urls")),
    path("danh-gia/", include("assessment.urls")),
    path("bao-cao/", include("jobs.urls")),
    path("bao-cao/ket-qua/", include("results.urls")),
    path("bao-cao/", include("reports.urls")),
    path("chung-nhan/", include("certificates.urls")),
    path("mo-dun-gdpt/", include("gdpt.urls")),
    path("cot-can/", include("coreteachers.urls")),
    path("trinh-do/", include("qualifications.urls")),
    path("lop-boi-duong/", include("courses.urls")),
    path("nhat-ky/", include("audit.urls")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "bdtx.error_pages.bad_request"
handler403 = "bdtx.error_pages.permission_denied"
handler404 = "bdtx.error_pages.page_not_found"
handler500 = "bdtx.error_pages.server_error"
