"""Admin pages: organ settings, staff roles, the directory of other organs, the calendar,
and read-only request records.

Requests change only through the legal acts (services), never by editing in the admin.
Every page keeps to the organs of the person using it (``admin_scope``); identity document
numbers are shown masked, and the admin cannot edit them.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .admin_scope import BY_METHOD, SELF, OrganScopedAdmin, OrganScopedInline, OrganScopedModelAdmin
from .identity import mask_document_number
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
class OrganAdmin(OrganScopedModelAdmin):
    """An organ's administrator keeps its settings; organs are set up by a superuser."""

    organ_path = SELF
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

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(OtherOrgan)
class OtherOrganAdmin(OrganScopedModelAdmin):
    """其他行政机关名录: each organ keeps its own; its staff see only its entries."""

    organ_path = "organ"
    list_display = ["name", "phone", "address", "website", "email", "organ"]
    list_filter = ["organ"]
    search_fields = ["name", "address", "phone"]
    fields = ["organ", "name", "address", "phone", "website", "email", "note"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(OrganScopedModelAdmin):
    organ_path = "organ"
    list_display = ["user", "organ", "department", "role"]
    list_filter = ["organ", "role", "department"]
    autocomplete_fields = ["user"]


@admin.display(description=_("证件号码"))
def masked_document_number(applicant: Applicant) -> str:
    return mask_document_number(applicant.document_number)


@admin.register(Applicant)
class ApplicantAdmin(OrganScopedModelAdmin):
    """申请人: the document number is shown masked and is never edited here (a wrong number
    is corrected through the request's acts, with their audit)."""

    organ_path = "organ"
    list_display = ["name", "kind", "document_type", masked_document_number, "organ"]
    list_filter = ["organ", "kind"]
    # The full number finds its applicant only when typed in full.
    search_fields = ["name", "=document_number"]
    exclude = ["document_number"]
    readonly_fields = [masked_document_number]


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
class DisclosureRequestAdmin(OrganScopedModelAdmin):
    organ_path = "organ"
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
class AuditEventAdmin(OrganScopedModelAdmin):
    organ_path = "organ"
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
class CalendarYearAdmin(OrganScopedModelAdmin):
    """The national working-day calendar: the same for every organ; superusers change it."""

    organ_shared = True
    list_display = ["year", "confirmed", "source", "confirmed_at"]
    actions = ["confirm", "prepare_next"]
    readonly_fields = ["confirmed", "confirmed_at"]

    @admin.action(
        description=_("确认所选年度的工作日历，并重新计算未办结申请的答复期限"),
        permissions=["change"],
    )
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

    @admin.action(
        description=_("按规则生成下一年度（待按国务院通知修改后确认）"), permissions=["add"]
    )
    def prepare_next(self, request, queryset):
        latest = CalendarYear.objects.order_by("-year").first()
        try:
            year = calendar_prepare_year(year_number=(latest.year + 1) if latest else 2004)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        self.message_user(request, _("已生成%(year)s年度（暂定）。") % {"year": year.year})


@admin.register(CalendarDay)
class CalendarDayAdmin(OrganScopedModelAdmin):
    organ_shared = True
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


# ---- models of Django and of the libraries, kept to the organ too ----------------------

User = get_user_model()


class MembershipInline(OrganScopedInline):
    """The roles a person holds, in the organs of the one editing; a new staff member is
    given their role in the same form that creates their account."""

    model = StaffMembership
    organ_path = "organ"
    fk_name = "user"
    extra = 0
    fields = ["organ", "department", "role"]

    def get_min_num(self, request, obj=None, **kwargs):
        # An account made by an organ's administrator is made for a role in that organ.
        return 1 if obj is None and not request.user.is_superuser else 0

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", True)
        return super().get_formset(request, obj, **kwargs)


#: What only a superuser may change on an account: who may use the admin, and with which
#: permissions (an organ's administrator keeps the people, not the powers).
ACCOUNT_POWERS = ["is_staff", "is_superuser", "groups", "user_permissions", "last_login",
                  "date_joined"]


def _staff_accounts_of(queryset, organ_ids):
    return (
        queryset.filter(is_superuser=False)
        .filter(pk__in=StaffMembership.objects.filter(organ_id__in=organ_ids).values("user_id"))
        .exclude(pk__in=StaffMembership.objects.exclude(organ_id__in=organ_ids).values("user_id"))
        .exclude(pk__in=Applicant.objects.filter(account__isnull=False).values("account_id"))
    )


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(OrganScopedAdmin, UserAdmin):
    """账户: a non-superuser keeps the accounts of the staff of their organs alone — not an
    applicant's portal account, not a superuser, not a person who also works for another
    organ (whose password they could otherwise change to read that organ's records)."""

    organ_path = BY_METHOD
    inlines = [MembershipInline]

    def scope_queryset(self, request, queryset):
        return _staff_accounts_of(queryset, self.organ_ids(request))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser and obj is not None:
            fields += ACCOUNT_POWERS
        return fields


admin.site.unregister(Group)


@admin.register(Group)
class PermissionGroupAdmin(OrganScopedAdmin, GroupAdmin):
    """Groups of permissions cross organs: superusers only."""


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(OrganScopedAdmin, DBTaskResultAdmin):
    """Background tasks carry addresses and identifiers of any organ: superusers only."""


class LoginRecordAdmin(OrganScopedAdmin):
    """Login records (django-axes) name a user by username: a non-superuser sees those of
    the staff accounts they keep alone."""

    organ_path = BY_METHOD

    def scope_queryset(self, request, queryset):
        accounts = _staff_accounts_of(User._default_manager.all(), self.organ_ids(request))
        return queryset.filter(username__in=accounts.values(User.USERNAME_FIELD))


class LoginAttemptAdmin(LoginRecordAdmin, AccessAttemptAdmin):
    pass


class LoginLogAdmin(LoginRecordAdmin, AccessLogAdmin):
    pass


class LoginFailureAdmin(LoginRecordAdmin, AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, LoginAttemptAdmin),
    (AccessLog, LoginLogAdmin),
    (AccessFailureLog, LoginFailureAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
