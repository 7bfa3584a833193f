"""Staff intake, mounted at /workbench/intake/ (registrars only)."""

from django.urls import path

from . import staff_intake

app_name = "intake"
urlpatterns = [
    path("", staff_intake.intake_view, name="new"),
    path("<uuid:public_id>/", staff_intake.intake_done_view, name="done"),
    path("<uuid:public_id>/on-the-spot/", staff_intake.on_the_spot_view, name="on_the_spot"),
    path("letters/<uuid:letter_id>/", staff_intake.letter_print_view, name="letter"),
]
