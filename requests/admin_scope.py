"""One organ's records in the admin: the scope every admin page of the project keeps.

A staff member who may use the admin (``is_staff`` and model permissions, given only to an
organ's administrator) sees, finds, filters, picks and opens only the records of the organs
where they hold a role; superusers see all. Each admin class says how its model reaches its
organ (``organ_path``), and ``OrganScopedAdmin`` does the rest:

* lists, searches, the date drill-down, the change, delete and history pages and the
  autocomplete and raw-id lookups all read ``get_queryset``, which keeps the organ's rows
  alone: another organ's object is not found (the admin redirects with its "does not exist"
  message) and is never shown;
* a filter on a related field (``"department"``, ``"organ"``) offers only the values found
  among those rows, never another organ's departments or names;
* a foreign key or many-to-many field offers only what the related model's own admin would
  show this user;
* models with no organ are either shared reference data that every organ reads and only
  superusers change (``organ_shared``, e.g. the working-day calendar), or kept for
  superusers alone (``organ_path = None``: background task results, groups of permissions).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.filters import RelatedOnlyFieldListFilter
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .models import StaffMembership

#: The lookup from a model to itself, for the organ model.
SELF = "pk"
#: The admin narrows the rows itself, in ``scope_queryset``.
BY_METHOD = "<scope_queryset>"


def admin_organ_ids(request: HttpRequest, roles=None) -> list[int]:
    """The organs where the user of ``request`` holds a role (one of ``roles`` if given);
    read once per request and role set."""
    cache = request.__dict__.setdefault("_admin_organ_ids", {})
    key = tuple(sorted(roles)) if roles else None
    if key not in cache:
        memberships = StaffMembership.objects.filter(user_id=request.user.pk)
        if roles:
            memberships = memberships.filter(role__in=roles)
        cache[key] = sorted(set(memberships.values_list("organ_id", flat=True)))
    return cache[key]


class OrganScopedAdmin:
    """Mixin for a ``ModelAdmin`` (or inline): only the user's organs' rows, except for
    superusers. Put it before ``admin.ModelAdmin`` (or a third-party admin class)."""

    #: Lookup from the model to its organ, e.g. ``"organ"``, ``"request__organ"``; several
    #: (a tuple) when any of them may place the row in an organ. ``None``: no organ, the
    #: model is for superusers alone (unless ``organ_shared``).
    organ_path: str | tuple[str, ...] | None = None
    #: Reference data common to every organ: readable with the model's permissions,
    #: changed only by superusers.
    organ_shared: bool = False
    #: The roles that give sight of an organ's rows here; ``None``: any role.
    organ_roles: tuple[str, ...] | None = None

    # ---- the scope ------------------------------------------------------------------

    def organ_ids(self, request: HttpRequest) -> list[int]:
        return admin_organ_ids(request, self.organ_roles)

    def scope_queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        """``queryset`` narrowed to the user's organs (never called for superusers)."""
        if self.organ_shared:
            return queryset
        if not self.organ_path:
            return queryset.none()
        if self.organ_path == BY_METHOD:
            raise NotImplementedError(f"{type(self).__name__} must narrow its rows itself.")
        paths = (self.organ_path,) if isinstance(self.organ_path, str) else self.organ_path
        ids = self.organ_ids(request)
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{path}__in": ids})
        if len(paths) == 1 and "__" not in paths[0]:
            return queryset.filter(condition)
        # Across relations a row may match more than once: keep each row once.
        return queryset.filter(pk__in=queryset.model._base_manager.filter(condition).values("pk"))

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return self.scope_queryset(request, queryset)

    def in_organ_scope(self, request: HttpRequest, obj) -> bool:
        # An inline is asked about its parent object: the parent's admin decides on it.
        if obj is None or request.user.is_superuser or not isinstance(obj, self.model):
            return True
        return self.scope_queryset(request, type(obj)._base_manager.filter(pk=obj.pk)).exists()

    # ---- permissions on one object --------------------------------------------------

    def _superusers_only(self, request: HttpRequest) -> bool:
        return not request.user.is_superuser and not self.organ_path and not self.organ_shared

    def _writes_allowed(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or not self.organ_shared

    def has_module_permission(self, request):
        return not self._superusers_only(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return (
            not self._superusers_only(request)
            and super().has_view_permission(request, obj)
            and self.in_organ_scope(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return (
            not self._superusers_only(request)
            and self._writes_allowed(request)
            and super().has_change_permission(request, obj)
            and self.in_organ_scope(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            not self._superusers_only(request)
            and self._writes_allowed(request)
            and super().has_delete_permission(request, obj)
            and self.in_organ_scope(request, obj)
        )

    def has_add_permission(self, request, *args):
        return (
            not self._superusers_only(request)
            and self._writes_allowed(request)
            and super().has_add_permission(request, *args)
        )

    # ---- filters and choices --------------------------------------------------------

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [self._scoped_filter(entry) for entry in filters]

    def _scoped_filter(self, entry):
        """A plain related-field filter offers only the values of the rows in scope."""
        if not isinstance(entry, str):
            return entry
        field = _field_at(self.model, entry)
        if field is not None and field.is_relation:
            return (entry, RelatedOnlyFieldListFilter)
        return entry

    def _scoped_choices(self, request, db_field, queryset):
        """What the related model's own admin shows this user; for a model without one
        (departments), its rows of the user's organs; otherwise nothing."""
        related = db_field.related_model
        related_admin = self.admin_site._registry.get(related)
        manager = related._default_manager
        if isinstance(related_admin, OrganScopedAdmin):
            scoped = related_admin.get_queryset(request)
        elif any(f.name == "organ" and f.is_relation for f in related._meta.get_fields()):
            scoped = manager.filter(organ_id__in=admin_organ_ids(request))
        else:
            scoped = manager.none()
        return scoped if queryset is None else queryset & scoped

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            kwargs["queryset"] = self._scoped_choices(request, db_field, kwargs.get("queryset"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            kwargs["queryset"] = self._scoped_choices(request, db_field, kwargs.get("queryset"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _field_at(model, path: str):
    """The model field at the end of a ``__`` path, or ``None`` when it is not a field."""
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except Exception:  # noqa: BLE001 - a lookup or transform, not a field
            return None
        model = field.related_model if field.is_relation else model
    return field


class OrganScopedModelAdmin(OrganScopedAdmin, admin.ModelAdmin):
    """A ``ModelAdmin`` kept to the user's organs."""


class OrganScopedInline(OrganScopedAdmin, admin.TabularInline):
    """A tabular inline kept to the user's organs."""
