"""Root URLconf."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.urls import login_urlpatterns
from portal.views import landing_view

urlpatterns = [
    path("", landing_view, name="landing"),
    path("portal/", include("portal.urls")),
    path("workbench/intake/", include("portal.intake_urls")),
    path("workbench/", include("workflow.urls")),
    path("supervision/", include("reports.urls")),
    path("accounts/", include(login_urlpatterns)),
    path("accounts/", include("accounts.urls")),
    # One way in for staff: the admin's own login form knows neither the login throttle
    # nor the demo-password rule (``accounts.forms``).
    path(
        "admin/login/", RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin_login",
    ),
    path("admin/", admin.site.urls),
    path("files/", include("requests.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
