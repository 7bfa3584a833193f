"""Who may see the staff pages, and lookups that never reach another organ's records."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from viewflow.workflow.models import Task

from .lifecycle import REQUEST_PATH
from .selectors import KEPT_MEMBERSHIPS, read_staff_memberships, staff_organ_ids


def staff_required(view):
    """Logged in and holding a role in some organ; others are refused."""

    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs):
        user = request.user
        memberships = read_staff_memberships(user)
        if not memberships:
            raise PermissionDenied
        # Read once: the page's lists, filters and tabs ask for the person's roles again.
        setattr(user, KEPT_MEMBERSHIPS, memberships)
        try:
            return view(request, *args, **kwargs)
        finally:
            delattr(user, KEPT_MEMBERSHIPS)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def task_for_staff(user, task_id) -> Task:
    """A task of a request of the user's organs, or 404."""
    return get_object_or_404(
        Task.objects.select_related("process__requestprocess__request", "owner"),
        pk=task_id,
        **{f"{REQUEST_PATH}__organ_id__in": staff_organ_ids(user)},
    )
