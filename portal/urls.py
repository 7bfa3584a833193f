"""The applicant portal, mounted at /portal/. Requests, letters and files are named by
random UUIDs, never by a database key or a registration number."""

from django.urls import path

from . import accounts, views

app_name = "portal"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("signup/", accounts.signup_view, name="signup"),
    path("signup/done/", accounts.signup_done_view, name="signup_done"),
    path("signup/resend/", accounts.resend_confirmation_view, name="signup_resend"),
    path(
        "signup/confirm/<uidb64>/<token>/", accounts.signup_confirm_view, name="signup_confirm"
    ),
    path("login/", accounts.PortalLoginView.as_view(), name="login"),
    path("logout/", accounts.PortalLogoutView.as_view(), name="logout"),
    path("password/reset/", accounts.PortalPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/", accounts.PortalPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/", accounts.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/", accounts.PortalPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("requests/new/", views.submit_view, name="submit"),
    path("requests/<uuid:public_id>/", views.request_view, name="request"),
    path("requests/<uuid:public_id>/submitted/", views.submitted_view, name="submitted"),
    path("requests/<uuid:public_id>/correction/", views.correction_view, name="correction"),
    path("requests/<uuid:public_id>/withdraw/", views.withdraw_view, name="withdraw"),
    path(
        "requests/<uuid:public_id>/letters/<uuid:letter_id>/", views.letter_view, name="letter"
    ),
    path("requests/<uuid:public_id>/files/<uuid:file_id>/", views.file_view, name="file"),
    path(
        "requests/<uuid:public_id>/released/<uuid:released_id>/", views.released_file_view,
        name="released_file",
    ),
]
