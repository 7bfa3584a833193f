"""Staff login and second factor, mounted at /accounts/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("second-factor/", views.verify_view, name="verify"),
    path("second-factor/setup/", views.setup_view, name="setup"),
    path("second-factor/backup-codes/", views.backup_codes_view, name="backup_codes"),
    path("second-factor/staff/", views.staff_second_factors_view, name="staff"),
    path(
        "second-factor/staff/<int:user_id>/reset/", views.staff_second_factor_reset_view,
        name="staff_reset",
    ),
]

#: Outside the namespace: the names the rest of the project (and Django) use.
login_urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
