"""Root URLconf."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal.views import landing_view

urlpatterns = [
    path("", landing_view, name="landing"),
    path("portal/", include("portal.urls")),
    path("workbench/intake/", include("portal.intake_urls")),
    path("workbench/", include("workflow.urls")),
    path("supervision/", include("reports.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("files/", include("requests.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
