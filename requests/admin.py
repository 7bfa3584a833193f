"""Admin pages: organ settings, staff roles, the directory of other organs, the calendar,
and read-only request records.

Requests change only through the legal acts (services), never by editing in the admin.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    Applicant,
    AuditEvent,
    CalendarDay,
    CalendarYear,
    Department,
    DisclosureRequest,
    Organ,
    OtherOrgan,
    RequestItem,
    StaffMembership,
)
from .services.calendar import calendar_confirm_year, calendar_day_changed, calendar_prepare_year


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "letter_number_prefix"]
    inlines = [DepartmentInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "letter_number_prefix"]}),
        (_("政府信息公开工作机构"), {"fields": ["ogi_office_name", "address", "postcode", "phone", "email"]}),
        (
            _("可配置事项"),
            {
                "fields": [
                    "correction_period_days",
                    "fee_pauses_clock",
                    "fee_payment_days",
                    "reconsideration_body",
                    "court",
                    "reply_copy_to",
                ]
            },
        ),
    ]


def _organs_of(user):
    """The organs whose records a staff member may keep in the admin: every organ for a
    superuser, else the organs where they hold a role."""
    if user.is_superuser:
        return Organ.objects.all()
    return Organ.objects.filter(memberships__user=user).distinct()


@admin.register(OtherOrgan)
class OtherOrganAdmin(admin.ModelAdmin):
    """其他行政机关名录: each organ keeps its own; its staff see only its entries."""

    list_display = ["name", "phone", "address", "website", "email", "organ"]
    list_filter = ["organ"]
    search_fields = ["name", "address", "phone"]
    fields = ["organ", "name", "address", "phone", "website", "email", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(organ__in=_organs_of(request.user))

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organ":
            kwargs["queryset"] = _organs_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _own(self, request, obj) -> bool:
        return obj is None or _organs_of(request.user).filter(pk=obj.organ_id).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._own(request, obj)


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organ", "department", "role"]
    list_filter = ["organ", "role", "department"]
    autocomplete_fields = ["user"]


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "document_type", "organ"]
    list_filter = ["organ", "kind"]
    search_fields = ["name", "document_number"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ItemInline(ReadOnlyInline):
    model = RequestItem
    fields = ["position", "description", "document_reference", "outcome"]


class AuditInline(ReadOnlyInline):
    model = AuditEvent
    fields = ["sequence", "at", "act", "actor_name", "status_before", "status_after", "comment"]
    ordering = ["sequence"]


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(admin.ModelAdmin):
    list_display = [
        "registration_number", "applicant", "channel", "status", "received_on", "due_on",
        "due_is_provisional", "department",
    ]
    list_filter = ["organ", "status", "channel", "department", "due_is_provisional"]
    search_fields = ["registration_number", "applicant__name", "items__description"]
    list_select_related = ["applicant", "department"]
    inlines = [ItemInline, AuditInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["organ", "sequence", "at", "act", "actor_name", "request"]
    list_filter = ["organ", "act"]
    list_select_related = ["organ", "request"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "confirmed", "source", "confirmed_at"]
    actions = ["confirm", "prepare_next"]
    readonly_fields = ["confirmed", "confirmed_at"]

    @admin.action(description=_("确认所选年度的工作日历，并重新计算未办结申请的答复期限"))
    def confirm(self, request, queryset):
        for year in queryset:
            try:
                changed = calendar_confirm_year(year=year, acting_user=request.user)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(year)s年度已确认，%(n)s件申请的答复期限已重新计算。")
                % {"year": year.year, "n": changed},
            )

    @admin.action(description=_("按规则生成下一年度（待按国务院通知修改后确认）"))
    def prepare_next(self, request, queryset):
        latest = CalendarYear.objects.order_by("-year").first()
        try:
            year = calendar_prepare_year(year_number=(latest.year + 1) if latest else 2004)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        self.message_user(request, _("已生成%(year)s年度（暂定）。") % {"year": year.year})


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "year"]
    list_filter = ["year", "kind"]
    list_editable = ["kind", "name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar_day_changed(day=obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_day_changed(day=obj)

    def delete_queryset(self, request, queryset):
        days = list(queryset)
        super().delete_queryset(request, queryset)
        for day in days:
            calendar_day_changed(day=day)
