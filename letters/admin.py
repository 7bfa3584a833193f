"""Issued letters in the admin: read-only records (letters change only by new letters),
each organ's own."""

from django.contrib import admin

from requests.admin_scope import OrganScopedModelAdmin

from .models import IssuedLetter


@admin.register(IssuedLetter)
class IssuedLetterAdmin(OrganScopedModelAdmin):
    organ_path = "organ"
    list_display = ["number", "kind", "request", "addressee", "issued_on", "delivery_method",
                    "delivered_on"]
    list_filter = ["organ", "kind", "year", "delivery_method"]
    search_fields = ["number", "addressee", "request__registration_number", "sha256"]
    date_hierarchy = "issued_on"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
