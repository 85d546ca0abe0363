from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import urls as accounts_urls
from accounts import views_password
from jobs import urls as jobs_urls
from people import urls as people_urls
from plans import urls as plans_urls
from reports import urls as reports_urls
from results import urls as results_urls
from study import urls as study_urls
from years import urls as years_urls

from . import health, views

# Two namespaces span several apps, so every URL name stays what it was before the apps were split: ``accounts``
# (with the staff import of people/) and ``reports`` (the job pages, the staff export, the report chain and, under
# ket-qua/, the results dashboards).
ACCOUNTS_URLS = ([*accounts_urls.urlpatterns, *people_urls.accounts_urlpatterns], "accounts")
REPORTS_URLS = (
    [
        *jobs_urls.urlpatterns,
        *people_urls.reports_urlpatterns,
        *reports_urls.urlpatterns,
        path("ket-qua/", include(results_urls)),
    ],
    "reports",
)

# The plan, year and study pages keep the /ke-hoach/ paths and the "plans" namespace they were built under.
plans_pages = [*plans_urls.urlpatterns, path("nam-hoc/", include(years_urls)), path("nhat-ky/", include(study_urls))]

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", views_password.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", include(ACCOUNTS_URLS)),
    path("mo-dun/", include("modules.urls")),
    path("ke-hoach/", include((plans_pages, plans_urls.app_name))),
    path("danh-gia/", include("assessment.urls")),
    path("bao-cao/", include(REPORTS_URLS)),
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
