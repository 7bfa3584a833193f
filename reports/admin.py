"""Admin pages: staff enter reconsideration and litigation cases (复议、诉讼案件).

Staff see and enter only the cases of organs where they hold a role allowed to record them
(``services.REMEDY_ROLES``); superusers see all. The invariants of a case (the request of
the same organ, result pending exactly when not concluded, dates) are checked by
``RemedyCase.clean``, which the admin form runs before anything is saved — the same check
``services.remedy_case_record`` runs.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from requests.admin_scope import OrganScopedModelAdmin
from requests.models import DisclosureRequest, Organ

from .models import RemedyCase
from .services import REMEDY_ROLES


@admin.register(RemedyCase)
class RemedyCaseAdmin(OrganScopedModelAdmin):
    organ_path = "organ"
    organ_roles = tuple(REMEDY_ROLES)
    list_display = [
        "case_number", "case_type", "request", "body", "filed_on", "result", "concluded_on",
        "organ",
    ]
    list_filter = ["organ", "case_type", "result", "filed_on"]
    search_fields = ["case_number", "body", "request__registration_number", "notes"]
    list_select_related = ["organ", "request"]
    autocomplete_fields = ["request"]
    date_hierarchy = "filed_on"
    readonly_fields = ["entered_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["organ", "request", "case_type", "case_number", "body"]}),
        (_("办理情况"), {"fields": ["filed_on", "result", "concluded_on", "notes"]}),
        (_("录入"), {"fields": ["entered_by", "created_at", "updated_at"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the organs where this person records cases, and their requests.
        if not request.user.is_superuser and db_field.name in ("organ", "request"):
            model = Organ if db_field.name == "organ" else DisclosureRequest
            path = "pk" if db_field.name == "organ" else "organ"
            kwargs["queryset"] = model.objects.filter(**{f"{path}__in": self.organ_ids(request)})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
