"""A URLconf for the error-page tests: the project's own, plus views that fail."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def broken_view(request):
    raise RuntimeError("a fault in a view")


def forbidden_view(request):
    raise PermissionDenied


def bad_request_view(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [
    path("test-errors/500/", broken_view),
    path("test-errors/403/", forbidden_view),
    path("test-errors/400/", bad_request_view),
    *project_urlpatterns,
]
