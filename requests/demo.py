"""Demo data: the 莆田市生态环境局 with its departments, one login per role, and about
forty requests of 2025 and 2026 in every legal status.

Nothing here writes a status or a deadline directly: every request is driven through the
real services (``requests.services``) with backdated ``at=`` values, so the audit chain,
the clock events and the registration numbers are exactly what real use would produce.
The acts of all requests are replayed in chronological order, so registration numbers
follow the order of registration. "Today" for the demo is ``DEMO_TODAY`` (2026-11-27);
the open requests are placed relative to it (some overdue, some close to due).

Use ``seed_demo()`` (or ``manage.py seed_demo``). It is idempotent: once the organ has
requests it changes nothing and only reports the logins. In debug mode every new login gets
the one demo password; outside it (``manage.py seed_demo --force-outside-debug``) each new
login gets its own random password, reported once, so no demo login — least of all the
demo administrator, a superuser — can be entered with a published password.
"""

from __future__ import annotations

import datetime
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .calendar import WorkingCalendar
from .choices import (
    AbandonReason,
    ApplicantKind,
    Channel,
    ConsultationResult,
    ConsultedParty,
    FeeStandard,
    IdDocumentType,
    InformationForm,
    ObtainMethod,
    Role,
    Status,
)
from .identity import resident_id_check_character, uscc_check_character
from .models import Department, DisclosureRequest, Organ, OtherOrgan, StaffMembership
from .outcomes import Outcome
from .selectors import load_working_calendar
from .services import (
    request_abandon,
    request_archive,
    request_ask_extension,
    request_ask_reasons,
    request_close_consultation,
    request_draft_reply,
    request_flag_sensitive,
    request_grant_extension,
    request_hold_coordination_meeting,
    request_issue_correction_notice,
    request_issue_fee_notice,
    request_open_consultation,
    request_pass_confidentiality_review,
    request_receive_correction,
    request_record_consultation_receipt,
    request_record_fee_notice_receipt,
    request_record_payment,
    request_refresh_clock,
    request_register,
    request_reply,
    request_reply_on_the_spot,
    request_return_from_review,
    request_return_from_sign_off,
    request_sign_off,
    request_submit,
    request_submit_for_review,
    request_triage,
    request_withdraw,
)
from .services.intake import ApplicantData, ItemData
from .services.reply import ItemDecision

#: The demo's "today": open requests are placed relative to this day.
DEMO_TODAY = datetime.date(2026, 11, 27)

#: How the demo's letters reach their addressees (the values of letters' DeliveryMethod,
#: which this layer does not import).
POSTAL_DELIVERY = "postal_delivery"
ELECTRONIC_DELIVERY = "electronic_delivery"

#: The one password of every demo login, in debug mode.
DEMO_PASSWORD = "ogidesk-demo"

#: Shown instead of a password that is not known here: a random one, reported only when
#: the login was created, or a login that existed before and kept its own.
PASSWORD_SHOWN_ONCE = "（创建时已显示）"
PASSWORD_UNCHANGED = "（未修改）"

ORGAN = {
    "name": "莆田市生态环境局",
    "short_name": "莆田市生态环境局",
    "code": "PTHB",
    "letter_number_prefix": "莆环信公开",
    "ogi_office_name": "办公室",
    "address": "福建省莆田市城厢区东园西路1999号",
    "postcode": "351100",
    "phone": "0594-2283001",
    "email": "ogi@pthb.example.cn",
    "reconsideration_body": "莆田市人民政府",
    "court": "莆田市城厢区人民法院",
    "reply_copy_to": "莆田市人民政府办公室",
}

#: The demo organ's directory of other organs (其他行政机关名录): the organs a reply "not
#: this organ's to disclose" (Art. 36(5)) may name, with their contact details.
DIRECTORY = (
    {"name": "莆田市自然资源局", "address": "福建省莆田市城厢区荔城中大道2368号",
     "phone": "0594-2695001", "website": "http://zrzyj.putian.gov.cn/",
     "email": "zrzyj@pt.example.cn"},
    {"name": "莆田市住房和城乡建设局", "address": "福建省莆田市城厢区学园南街1008号",
     "phone": "0594-2281502", "website": "http://zjj.putian.gov.cn/"},
    {"name": "莆田市水利局", "address": "福建省莆田市荔城区镇海街道梅园东路716号",
     "phone": "0594-2692216", "website": "http://slj.putian.gov.cn/"},
    {"name": "莆田市城市管理局", "address": "福建省莆田市城厢区霞林街道荔城南大道1328号",
     "phone": "0594-2670315", "website": "http://cgj.putian.gov.cn/",
     "note": "市政设施、户外广告、市容环境卫生"},
)

#: The departments of the seed plan (DESIGN.md §6); the first is the OGI office.
DEPARTMENTS = (
    "办公室",
    "法规科",
    "财务中心",
    "市环境监测中心站",
    "污防科",
    "水中心",
    "生态科",
    "科技监测中心",
    "环审科",
    "市环境监察支队",
    "应急中心",
    "辐射站",
    "环科所",
    "宣教中心",
)
OGI_OFFICE = "办公室"
PUBLICITY = "宣教中心"


@dataclass(frozen=True)
class StaffSpec:
    username: str
    last_name: str
    first_name: str
    role: str
    department: str | None
    title: str


#: One login per role, then a second in each pool; the handlers sit in the departments the
#: demo requests go to (the first named of each department handles its demo cases).
STAFF = (
    StaffSpec("registrar", "陈", "雅琴", Role.REGISTRAR, "办公室", "办公室科员"),
    StaffSpec("handler", "黄", "志明", Role.HANDLER, "污防科", "污防科科员"),
    StaffSpec("handler2", "林", "晓燕", Role.HANDLER, "环审科", "环审科科员"),
    StaffSpec("handler3", "郑", "文斌", Role.HANDLER, "市环境监测中心站", "监测站工程师"),
    StaffSpec("handler4", "吴", "建华", Role.HANDLER, "市环境监察支队", "监察支队执法员"),
    StaffSpec("department_head", "方", "国荣", Role.DEPARTMENT_HEAD, "污防科", "污防科科长"),
    StaffSpec("publicity_head", "王", "丽芳", Role.DEPARTMENT_HEAD, "宣教中心", "宣教中心主任"),
    StaffSpec("secrecy_reviewer", "许", "丽华", Role.SECRECY_REVIEWER, "办公室", "保密审查员"),
    StaffSpec("legal_reviewer", "蔡", "振宇", Role.LEGAL_REVIEWER, "法规科", "法规科科员"),
    StaffSpec("ogi_head", "翁", "秀英", Role.OGI_HEAD, "办公室", "办公室主任"),
    StaffSpec("signing_leader", "陈", "志坚", Role.SIGNING_LEADER, None, "分管副局长"),
    StaffSpec("supervisor", "李", "婷", Role.SUPERVISOR, None, "督查员"),
    StaffSpec("admin", "张", "伟", Role.ADMINISTRATOR, None, "系统管理员"),
    # A second person in every pool, so that claiming, releasing and reassigning can be tried.
    StaffSpec("registrar2", "刘", "佳怡", Role.REGISTRAR, "办公室", "办公室科员"),
    StaffSpec("handler5", "蔡", "晓东", Role.HANDLER, "污防科", "污防科科员"),
    StaffSpec("handler6", "杨", "秀梅", Role.HANDLER, "环审科", "环审科科员"),
    StaffSpec("handler7", "朱", "永福", Role.HANDLER, "市环境监测中心站", "监测站工程师"),
    StaffSpec("handler8", "卓", "丽娟", Role.HANDLER, "市环境监察支队", "监察支队执法员"),
    StaffSpec("department_head2", "余", "海涛", Role.DEPARTMENT_HEAD, "环审科", "环审科科长"),
    StaffSpec("secrecy_reviewer2", "柯", "美玲", Role.SECRECY_REVIEWER, "办公室", "保密审查员"),
    StaffSpec("ogi_head2", "唐", "建平", Role.OGI_HEAD, "办公室", "办公室副主任"),
    StaffSpec("signing_leader2", "魏", "国强", Role.SIGNING_LEADER, None, "副局长"),
)


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    role: str
    department: str
    password: str


@dataclass
class SeedResult:
    created: bool
    logins: list[Login]
    request_count: int
    status_counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)


class DemoError(Exception):
    """A demo act was refused; the message names the request and the act."""


# ---------------------------------------------------------------------------------------
# Identity documents with correct check characters
# ---------------------------------------------------------------------------------------

_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(area: str, birth: str, sequence: str) -> str:
    """An 18-character resident ID number: area, date of birth, sequence, check character."""
    first17 = f"{area}{birth}{sequence}"
    return first17 + resident_id_check_character(first17)


def organisation_code(base: str) -> str:
    """A 9-character organisation code (GB 11714): 8 characters and the check character."""
    total = sum(int(c, 36) * w for c, w in zip(base, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return base + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(prefix: str, area: str, base: str) -> str:
    """A unified social credit code (GB 32100): authority and kind, area, organisation
    code, and the check character."""
    first17 = f"{prefix}{area}{organisation_code(base)}"
    return first17 + uscc_check_character(first17)


def _person(name, area, birth, sequence, *, phone, address, postcode, email=""):
    return ApplicantData(
        kind=ApplicantKind.NATURAL_PERSON,
        name=name,
        document_type=IdDocumentType.RESIDENT_ID,
        document_number=resident_id(area, birth, sequence),
        phone=phone,
        email=email,
        postal_address=address,
        postcode=postcode,
    )


def _organisation(kind, name, code, *, contact, representative, phone, address, postcode,
                  email="", document_type=IdDocumentType.UNIFIED_SOCIAL_CREDIT_CODE):
    return ApplicantData(
        kind=kind,
        name=name,
        document_type=document_type,
        document_number=code,
        contact_person=contact,
        legal_representative=representative,
        phone=phone,
        email=email,
        postal_address=address,
        postcode=postcode,
    )


# Natural persons (莆田: 城厢区 350302, 涵江区 350303, 荔城区 350304, 秀屿区 350305,
# 仙游县 350322).
LIN_ZHIQIANG = _person(
    "林志强", "350302", "19830615", "231", phone="13905940001",
    email="lin.zhiqiang@example.com", address="福建省莆田市城厢区华亭镇园头村218号",
    postcode="351100",
)
CHEN_MEILING = _person(
    "陈美玲", "350304", "19900322", "046", phone="13859461122",
    email="chenmeiling90@example.com", address="福建省莆田市荔城区镇海街道八二一南街88号",
    postcode="351100",
)
HUANG_GUOPING = _person(
    "黄国平", "350322", "19520908", "113", phone="13860912345",
    address="福建省莆田市仙游县榜头镇坝下村36号", postcode="351200",
)
ZHENG_XIAOFENG = _person(
    "郑晓峰", "350303", "19871104", "375", phone="15880547703",
    email="zxf1987@example.com", address="福建省莆田市涵江区江口镇东大路12号",
    postcode="351111",
)
WU_SUZHEN = _person(
    "吴素珍", "350305", "19680217", "028", phone="13599067231",
    address="福建省莆田市秀屿区笏石镇顶社村五组", postcode="351152",
)
FANG_JUNJIE = _person(
    "方俊杰", "350302", "19950729", "153", phone="18950216678",
    email="fangjunjie@example.com", address="福建省莆田市城厢区凤凰山街道荔园小区5幢1203室",
    postcode="351100",
)
CAI_LIJUAN = _person(
    "蔡丽娟", "350304", "19790503", "062", phone="13788630415",
    email="cailijuan@example.com", address="福建省莆田市荔城区西天尾镇后黄村98号",
    postcode="351100",
)
XU_JIANGUO = _person(
    "许建国", "350303", "19750118", "391", phone="13015983320",
    email="xujianguo75@example.com", address="福建省莆田市涵江区涵东街道宫下路7号",
    postcode="351111",
)
WENG_XUEMEI = _person(
    "翁雪梅", "350322", "19921206", "084", phone="15959524409",
    email="wengxuemei@example.com", address="福建省莆田市仙游县鲤城街道八二五大街152号",
    postcode="351200",
)
ZHU_HAIBIN = _person(
    "朱海滨", "350302", "19850911", "117", phone="13906948872",
    email="zhuhaibin@example.com", address="福建省莆田市城厢区龙桥街道天九湾小区3号楼",
    postcode="351100",
)
YU_QIUPING = _person(
    "余秋萍", "350305", "19880430", "226", phone="18750428816",
    email="yuqiuping@example.com", address="福建省莆田市秀屿区东庄镇石狮村68号",
    postcode="351152",
)
KE_WENLONG = _person(
    "柯文龙", "350304", "19810827", "153", phone="13107526690",
    email="kewenlong@example.com", address="福建省莆田市荔城区黄石镇沙坂村102号",
    postcode="351100",
)
WANG_LEI = _person(
    "王磊", "350302", "19930314", "399", phone="17750361254",
    email="wanglei93@example.com", address="福建省莆田市城厢区霞林街道学园南街333号",
    postcode="351100",
)
#: Applicants who sign in to the portal in the demo (password: DEMO_PASSWORD).
APPLICANT_LOGINS = (FANG_JUNJIE,)

CHEN_JIAXIN = ApplicantData(
    kind=ApplicantKind.NATURAL_PERSON,
    name="陈嘉欣",
    document_type=IdDocumentType.HK_MACAO_PERMIT,
    document_number="H60321457",
    phone="13959051876",
    email="kayan.chan@example.com",
    postal_address="福建省莆田市荔城区拱辰街道延寿路29号（香港居民，莆田联系地址）",
    postcode="351100",
)

# Legal persons and other organisations.
XINGLI_MATERIALS = _organisation(
    ApplicantKind.COMMERCIAL_ENTERPRISE, "福建兴荔新材料科技有限公司",
    credit_code("91", "350303", "MA32B7R4"), contact="刘海燕", representative="郭振东",
    phone="0594-3391268", email="hse@xingli-materials.example.cn",
    address="福建省莆田市涵江区江口镇涵江临港产业园兴港路8号", postcode="351111",
)
LICHENG_PLASTICS = _organisation(
    ApplicantKind.COMMERCIAL_ENTERPRISE, "福建荔城塑胶制品有限公司",
    credit_code("91", "350304", "MA2XQ9K1"), contact="黄俊", representative="黄德明",
    phone="0594-2675530", email="office@lcplastics.example.cn",
    address="福建省莆田市荔城区黄石镇工业园区荔港大道16号", postcode="351100",
)
RUIFENG_SHOES = _organisation(
    ApplicantKind.COMMERCIAL_ENTERPRISE, "莆田市瑞丰鞋业有限公司",
    credit_code("91", "350302", "73786415"), contact="徐丽萍", representative="徐国华",
    phone="0594-2961187", address="福建省莆田市城厢区华林经济开发区华林路9号",
    postcode="351100",
)
MEIZHOUWAN_ENV = _organisation(
    ApplicantKind.COMMERCIAL_ENTERPRISE, "福建湄洲湾环保工程有限公司",
    credit_code("91", "350305", "MA8RUC34"), contact="蒋文杰", representative="杨建平",
    phone="0594-5876021", email="bid@mzwep.example.cn",
    address="福建省莆田市秀屿区笏石镇学院中街1号", postcode="351152",
)
MULANXI_INSTITUTE = _organisation(
    ApplicantKind.RESEARCH_INSTITUTION, "福建省木兰溪流域生态研究院",
    credit_code("12", "350300", "48860537"), contact="郑文婷", representative="潘志远",
    phone="0594-2631570", email="data@mulanxi-eco.example.cn",
    address="福建省莆田市城厢区学园中街1133号", postcode="351100",
)
GREEN_HOME = _organisation(
    ApplicantKind.SOCIAL_WELFARE_ORG, "莆田市绿色家园环保志愿者协会",
    credit_code("51", "350300", "50938126"), contact="卓晓琳", representative="魏永清",
    phone="0594-2280765", email="contact@greenhome-pt.example.org",
    address="福建省莆田市荔城区文献路1056号", postcode="351100",
)
BLUE_BAY = _organisation(
    ApplicantKind.SOCIAL_WELFARE_ORG, "莆田市蓝海湾生态保护中心",
    credit_code("52", "350305", "MJ0472K8"), contact="林海鹰", representative="戴秋云",
    phone="0594-5782236", email="info@bluebay-eco.example.org",
    address="福建省莆田市秀屿区东埔镇东吴港区服务中心2楼", postcode="351152",
)
PUYANG_LAW = _organisation(
    ApplicantKind.LEGAL_SERVICES_ORG, "福建莆阳律师事务所",
    credit_code("31", "350000", "E4816305"), contact="陈立新律师", representative="宋建国",
    phone="0594-2696188", email="chenlixin@puyanglaw.example.cn",
    address="福建省莆田市城厢区荔华东大道8号万达广场写字楼A座18层", postcode="351100",
)
BANTOU_VILLAGE = _organisation(
    ApplicantKind.OTHER_ORG, "莆田市荔城区黄石镇坂头村村民委员会",
    credit_code("54", "350304", "ME123785"), contact="林国强", representative="林国强",
    phone="0594-2836215", address="福建省莆田市荔城区黄石镇坂头村村委会办公楼",
    postcode="351100",
)
LIYUAN_OWNERS = _organisation(
    ApplicantKind.OTHER_ORG, "莆田市城厢区凤凰山街道荔园小区业主委员会", "CX-FHS-YWH-2019-07",
    contact="方志诚", representative="方志诚", phone="13905041873",
    address="福建省莆田市城厢区凤凰山街道荔园小区物业服务中心", postcode="351100",
    document_type=IdDocumentType.OTHER_ORG_DOCUMENT,
)


# ---------------------------------------------------------------------------------------
# The plan: acts of all requests, replayed in chronological order
# ---------------------------------------------------------------------------------------

When = int | str | datetime.date


@dataclass
class Step:
    at: datetime.datetime
    order: int
    case: Case
    label: str
    action: Callable[[], None]


class Plan:
    def __init__(
        self, *, organ: Organ, calendar: WorkingCalendar, users: dict, departments: dict,
        accounts: dict | None = None,
    ):
        self.organ = organ
        self.calendar = calendar
        self.users = users
        self.accounts = accounts or {}
        self.departments = departments
        self.handlers = {}
        for spec in STAFF:
            if spec.role == Role.HANDLER:
                self.handlers.setdefault(spec.department, users[spec.username])
        self.steps: list[Step] = []
        self.cases: list[Case] = []

    def working_day_on_or_after(self, day: datetime.date) -> datetime.date:
        while not self.calendar.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def back(self, days: int) -> datetime.date:
        """The working day ``days`` working days before the demo's today."""
        day = DEMO_TODAY
        while days:
            day -= datetime.timedelta(days=1)
            if self.calendar.is_working_day(day):
                days -= 1
        return day

    def case(self, key: str, **kwargs) -> Case:
        case = Case(self, key, len(self.cases), **kwargs)
        self.cases.append(case)
        return case

    def add(self, case: Case, at: datetime.datetime, label: str, action) -> None:
        self.steps.append(Step(at, len(self.steps), case, label, action))

    def run(self) -> None:
        for step in sorted(self.steps, key=lambda s: (s.at, s.order)):
            try:
                step.action()
            except ValidationError as exc:
                raise DemoError(
                    f"{step.case.key}: {step.label} ({timezone.localtime(step.at):%Y-%m-%d %H:%M}) "
                    f"refused: {'; '.join(exc.messages)}"
                ) from exc


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Case:
    """One demo request and its acts. Each act's date is either a number of working days
    after the previous act (0: the same day) or a date (moved to the next working day)."""

    def __init__(
        self, plan: Plan, key: str, index: int, *, applicant: ApplicantData, channel: str,
        items: list[tuple[str, str] | str], submitted: str, form: str, obtain: str,
        purpose: str = "", special_needs: str = "",
    ):
        self.plan = plan
        self.key = key
        self.index = index
        self.request: DisclosureRequest | None = None
        self.department: Department | None = None
        self.consultation = None
        self.fee_notice = None
        self.extension = None
        day_text, _sep, time_text = submitted.partition(" ")
        day = datetime.date.fromisoformat(day_text)
        if time_text:
            hour, minute = (int(part) for part in time_text.split(":"))
        else:
            hour, minute = 8 + (index % 3), 30 + index % 5 * 5
        self.last = _aware(day, hour, minute)
        entered_by = None if channel == Channel.ONLINE else plan.users["registrar"]
        item_data = [
            ItemData(item) if isinstance(item, str) else ItemData(item[0], item[1])
            for item in items
        ]

        submitted_at = self.last
        self.submitted_on = day

        account = plan.accounts.get(applicant.email) if channel == Channel.ONLINE else None

        def submit():
            self.request = request_submit(
                organ=plan.organ, applicant=applicant, items=item_data, channel=channel,
                form_wanted=form, obtain_method=obtain, purpose=purpose,
                special_needs=special_needs, entered_by=entered_by, submitted_at=submitted_at,
                account=account,
            )

        plan.add(self, submitted_at, "submit", submit)

    # -- time ---------------------------------------------------------------------------

    def _at(self, when: When) -> datetime.datetime:
        calendar = self.plan.calendar
        last_day = timezone.localdate(self.last)
        if isinstance(when, int):
            day = (
                calendar.add_working_days(last_day, when)
                if when > 0
                else self.plan.working_day_on_or_after(last_day)
            )
        else:
            if isinstance(when, str):
                when = datetime.date.fromisoformat(when)
            day = self.plan.working_day_on_or_after(when)
        if day < last_day:
            raise DemoError(f"{self.key}: act on {day} before the previous act ({last_day})")
        if day == last_day:
            at = self.last + datetime.timedelta(minutes=20)
        else:
            at = _aware(day, 9 + self.index % 2, self.index * 7 % 60)
        self.last = at
        return at

    def _act(self, when: When, label: str, action: Callable[[datetime.datetime], None]):
        at = self._at(when)
        self.plan.add(self, at, label, lambda: action(at))
        return self

    def _user(self, username: str):
        return self.plan.users[username]

    def _handler(self):
        return self.plan.handlers[self.department.name]

    # -- acts ---------------------------------------------------------------------------

    def register(self, when: When = 1, *, post_signed: bool = False):
        signed_on = self.submitted_on if post_signed else None
        return self._act(when, "register", lambda at: request_register(
            request=self.request, acting_user=self._user("registrar"),
            post_signed_on=signed_on, at=at,
        ))

    def triage(self, when: When, department: str):
        self.department = self.plan.departments[department]
        return self._act(when, "triage", lambda at: request_triage(
            request=self.request, acting_user=self._user("registrar"),
            department=self.department, at=at,
        ))

    def correction(self, when: When, points: str):
        return self._act(when, "request_correction", lambda at: request_issue_correction_notice(
            request=self.request, acting_user=self._user("registrar"), points=points, at=at,
        ))

    def receive_correction(self, when: When, note: str):
        return self._act(when, "receive_correction", lambda at: request_receive_correction(
            request=self.request, acting_user=self._user("registrar"), note=note, at=at,
        ))

    def ask_reasons(self, when: When, *, count: int, period: str, respond_in: int):
        def action(at):
            respond_by = self.plan.calendar.add_working_days(timezone.localdate(at), respond_in)
            request_ask_reasons(
                request=self.request, acting_user=self._user("ogi_head"),
                applications_count=count, period=period, respond_by=respond_by, at=at,
            )
        return self._act(when, "request_reasons", action)

    def consult(self, when: When, *, kind: str, party: str, subject: str, contact: str = ""):
        def action(at):
            self.consultation = request_open_consultation(
                request=self.request, acting_user=self._handler(), party_kind=kind,
                party_name=party, subject=subject, party_contact=contact, at=at,
            )
        return self._act(when, "open_consultation", action)

    def close_consultation(self, when: When, *, result: str, opinion: str):
        return self._act(when, "close_consultation", lambda at: request_close_consultation(
            request=self.request, acting_user=self._handler(), consultation=self.consultation,
            result=result, opinion=opinion, at=at,
        ))

    def fee(self, when: When, *, standard: str, quantity: int):
        """The month's earlier items (per-item standard) are counted from the records."""
        def action(at):
            self.fee_notice = request_issue_fee_notice(
                request=self.request, acting_user=self._handler(), standard=standard,
                quantity=quantity, at=at,
            )
        return self._act(when, "issue_fee_notice", action)

    def consultation_received(self, when: When, *, method: str = POSTAL_DELIVERY):
        """The consulted party received the letter (its delivery is recorded) ``when``: its
        15 working days run from that day."""
        def action(at):
            request_record_consultation_receipt(
                request=self.request, consultation=self.consultation,
                received_on=timezone.localdate(at), acting_user=self._user("registrar"),
                delivery={"method": method}, at=at,
            )
        return self._act(when, "consultation_received", action)

    def fee_received(self, when: When, *, method: str = POSTAL_DELIVERY):
        """The applicant received the fee notice ``when``: the payment period runs from the
        next day."""
        def action(at):
            request_record_fee_notice_receipt(
                request=self.request, notice=self.fee_notice,
                received_on=timezone.localdate(at), acting_user=self._user("registrar"),
                delivery={"method": method}, at=at,
            )
        return self._act(when, "fee_notice_received", action)

    def pay(self, when: When):
        return self._act(when, "record_payment", lambda at: request_record_payment(
            request=self.request, acting_user=self._handler(), at=at,
        ))

    def extend(self, when: When, *, days: int, reason: str, approve_after: int = 1):
        def ask(at):
            self.extension = request_ask_extension(
                request=self.request, acting_user=self._handler(), days=days, reason=reason,
                at=at,
            )
        self._act(when, "ask_extension", ask)
        return self._act(approve_after, "grant_extension", lambda at: request_grant_extension(
            request=self.request, acting_user=self._user("ogi_head"),
            extension=self.extension, at=at,
        ))

    def flag(self, when: When, reason: str):
        return self._act(when, "flag_sensitive", lambda at: request_flag_sensitive(
            request=self.request, acting_user=self._handler(), reason=reason, at=at,
        ))

    def meeting(self, when: When, conclusion: str):
        return self._act(when, "hold_coordination_meeting",
                         lambda at: request_hold_coordination_meeting(
                             request=self.request, acting_user=self._user("ogi_head"),
                             conclusion=conclusion, at=at,
                         ))

    def draft(self, when: When, decisions: list[tuple[str, ...]], text: str = "",
              *, by_registrar: bool = False):
        """Each decision is (outcome, reason) or, for an item not this organ's, (outcome,
        reason, the name of the responsible organ in the organ's directory)."""
        def action(at):
            request_draft_reply(
                request=self.request,
                acting_user=self._user("registrar") if by_registrar else self._handler(),
                decisions=[
                    ItemDecision(
                        n, outcome, reason,
                        responsible_organ=OtherOrgan.objects.get(
                            organ=self.plan.organ, name=other[0]
                        ) if other else None,
                    )
                    for n, (outcome, reason, *other) in enumerate(decisions, start=1)
                ],
                decision_text=text, at=at,
            )
        return self._act(when, "draft_reply", action)

    def submit_review(self, when: When = 0):
        return self._act(when, "submit_for_review", lambda at: request_submit_for_review(
            request=self.request, acting_user=self._handler(), at=at,
        ))

    def pass_review(self, when: When = 1, comment: str = "经审查，拟公开内容不涉及国家秘密。"):
        return self._act(when, "pass_confidentiality_review",
                         lambda at: request_pass_confidentiality_review(
                             request=self.request, acting_user=self._user("secrecy_reviewer"),
                             comment=comment, at=at,
                         ))

    def return_review(self, when: When, reason: str):
        return self._act(when, "return_from_review", lambda at: request_return_from_review(
            request=self.request, acting_user=self._user("secrecy_reviewer"), reason=reason,
            at=at,
        ))

    def sign(self, when: When = 1, comment: str = "同意。"):
        return self._act(when, "sign_off", lambda at: request_sign_off(
            request=self.request, acting_user=self._user("signing_leader"), comment=comment,
            at=at,
        ))

    def return_sign(self, when: When, reason: str):
        return self._act(when, "return_from_sign_off", lambda at: request_return_from_sign_off(
            request=self.request, acting_user=self._user("signing_leader"), reason=reason,
            at=at,
        ))

    def reply(self, when: When = 1):
        return self._act(when, "reply", lambda at: request_reply(
            request=self.request, acting_user=self._user("registrar"), at=at,
        ))

    def reply_on_the_spot(self, decisions: list[tuple[str, str]], text: str = ""):
        self.register(0)
        self.draft(0, decisions, text, by_registrar=True)
        return self._act(0, "reply_on_the_spot", lambda at: request_reply_on_the_spot(
            request=self.request, acting_user=self._user("registrar"), at=at,
        ))

    def archive(self, when: When):
        return self._act(when, "archive", lambda at: request_archive(
            request=self.request, acting_user=self._user("registrar"), at=at,
        ))

    def withdraw(self, when: When, reason: str):
        return self._act(when, "withdraw", lambda at: request_withdraw(
            request=self.request, acting_user=self._user("registrar"), reason=reason, at=at,
        ))

    def abandon(self, when: When, reason: str):
        """A registrar confirms the lapse (no machine abandons a request alone)."""
        return self._act(when, "abandon", lambda at: request_abandon(
            request=self.request, acting_user=self._user("registrar"), reason=reason, at=at,
        ))

    def answer(self, when: When, decisions: list[tuple[str, str]], text: str = "",
               *, archive: When | None = None):
        """The usual end: draft, review, sign-off and reply (and archive, if given)."""
        self.draft(when, decisions, text).submit_review(0).pass_review(1).sign(1).reply(1)
        if archive is not None:
            self.archive(archive)
        return self


# ---------------------------------------------------------------------------------------
# The requests
# ---------------------------------------------------------------------------------------

FILE = InformationForm.ELECTRONIC_FILE
PAPER = InformationForm.PAPER
MAIL = InformationForm.EMAIL
INSPECT = InformationForm.INSPECTION

ENV_SITE = "莆田市生态环境局门户网站"


def _plan_2025(plan: Plan) -> None:
    """Requests of 2025, concluded and archived in 2025."""
    plan.case(
        "2025-eia-report", applicant=LIN_ZHIQIANG, channel=Channel.ONLINE,
        submitted="2025-03-02 20:40", form=FILE, obtain=ObtainMethod.EMAIL,
        purpose="了解住所附近新建项目的环境影响及污染防治措施",
        items=[(
            "福建兴荔新材料科技有限公司年产5万吨改性塑料项目环境影响报告书（报批稿）"
            "及莆田市生态环境局对该报告书的审批意见",
            "莆环评〔2024〕58号",
        )],
    ).register(1).triage(1, "环审科").answer(
        9,
        [(Outcome.PROVIDED, "提供该项目环境影响报告书（报批稿）及审批意见的电子版。")],
        "经查，您申请的信息由本机关在履行环境影响评价审批职责过程中制作，现予以公开。",
        archive=6,
    )

    plan.case(
        "2025-mulanxi-water", applicant=MULANXI_INSTITUTE, channel=Channel.EMAIL,
        submitted="2025-04-14", form=MAIL, obtain=ObtainMethod.EMAIL,
        purpose="木兰溪流域水环境变化趋势科研分析",
        items=[
            "2024年木兰溪干流及延寿溪、萩芦溪等主要支流各国控、省控断面逐月水质监测数据"
            "（化学需氧量、氨氮、总磷、溶解氧）",
        ],
    ).register(0).triage(1, "市环境监测中心站").answer(
        7,
        [(
            Outcome.ALREADY_PUBLIC,
            f"该信息已在{ENV_SITE}“环境质量—水环境质量”栏目按月主动公开，可登录查阅下载。",
        )],
        "您申请的信息属于本机关已主动公开的信息，现告知获取途径。",
        archive=5,
    )

    plan.case(
        "2025-penalty-file", applicant=PUYANG_LAW, channel=Channel.REGISTERED_POST,
        submitted="2025-05-12", form=PAPER, obtain=ObtainMethod.POST,
        purpose="代理当事人参与相关民事诉讼，需了解行政处罚情况",
        items=[
            ("莆田市生态环境局对莆田市涵江区永兴电镀有限公司作出的行政处罚决定书",
             "莆环罚〔2025〕12号"),
            "上述行政处罚案件的现场检查（勘察）笔录、调查询问笔录及案件集体讨论记录",
        ],
    ).register(1, post_signed=True).triage(1, "市环境监察支队").draft(
        8,
        [
            (Outcome.PROVIDED, "提供行政处罚决定书复印件一份。"),
            (Outcome.REFUSED_ENFORCEMENT_FILE,
             "现场检查笔录、调查询问笔录及集体讨论记录是该行政处罚案件调查过程中形成的执法"
             "案卷材料。"),
        ],
        "对您申请的两项信息区分处理。",
    ).submit_review(0).return_review(
        1, "第1项处罚决定书中当事人法定代表人的身份证号码、住址未作遮盖，请处理后重新提交。"
    ).draft(
        1,
        [
            (Outcome.PROVIDED, "提供行政处罚决定书复印件一份（已对个人信息作去标识化处理）。"),
            (Outcome.REFUSED_ENFORCEMENT_FILE,
             "现场检查笔录、调查询问笔录及集体讨论记录是该行政处罚案件调查过程中形成的执法"
             "案卷材料。"),
        ],
        "对您申请的两项信息区分处理。",
    ).submit_review(0).pass_review(1).sign(1).reply(1).archive(5)

    plan.case(
        "2025-bulletin-on-the-spot", applicant=CHEN_MEILING, channel=Channel.IN_PERSON,
        submitted="2025-06-10 09:40", form=PAPER, obtain=ObtainMethod.COLLECT_IN_PERSON,
        purpose="了解全市生态环境质量状况",
        items=["《2024年莆田市生态环境状况公报》"],
    ).reply_on_the_spot(
        [(Outcome.ALREADY_PUBLIC,
          f"该公报已于2025年6月5日在{ENV_SITE}主动公开，现场告知获取途径并提供打印件。")],
    ).archive(3)

    plan.case(
        "2025-trade-secret", applicant=LICHENG_PLASTICS, channel=Channel.ONLINE,
        submitted="2025-07-07 10:15", form=FILE, obtain=ObtainMethod.ONLINE_DOWNLOAD,
        purpose="了解同行业企业的污染治理水平",
        items=[
            "福建兴荔新材料科技有限公司环境影响评价文件中涉及的生产工艺配方、"
            "原辅材料年用量及主要供应商信息",
        ],
    ).register(1).triage(1, "环审科").consult(
        2, kind=ConsultedParty.THIRD_PARTY, party="福建兴荔新材料科技有限公司",
        contact="刘海燕 0594-3391268",
        subject="环境影响评价文件中的生产工艺配方、原辅材料年用量及主要供应商信息",
    ).consultation_received(2).close_consultation(
        6, result=ConsultationResult.OBJECTION,
        opinion="该公司书面回复：所涉工艺配方、原辅材料用量及供应商信息属于企业商业秘密，"
                "公开将对其竞争地位造成损害，不同意公开。",
    ).answer(
        3,
        [(Outcome.REFUSED_THIRD_PARTY,
          "原料配比及工艺参数属于该企业的商业秘密，企业书面回复不同意公开，不公开不会对"
          "公共利益造成重大影响。")],
        archive=5,
    )

    plan.case(
        "2025-noise-petition", applicant=WU_SUZHEN, channel=Channel.ORDINARY_POST,
        submitted="2025-08-18", form=PAPER, obtain=ObtainMethod.POST,
        items=["要求贵局立即查处笏石镇顶社村附近某石材加工厂夜间生产噪声和粉尘扰民问题，"
               "并书面告知查处结果"],
    ).register(1).triage(1, "市环境监察支队").answer(
        5,
        [(Outcome.NOT_OGI_PETITION,
          "您提出的是投诉举报事项，不属于政府信息公开申请。本机关已将该事项转市环境监察支队"
          "按投诉举报程序办理，办理结果将另行告知。")],
        archive=5,
    )

    plan.case(
        "2025-landfill-not-held", applicant=BANTOU_VILLAGE, channel=Channel.FAX,
        submitted="2025-09-15", form=PAPER, obtain=ObtainMethod.POST,
        purpose="了解填埋场对本村地下水的影响",
        items=["荔城区生活垃圾填埋场2024年渗滤液处理设施运行记录及周边地下水水质监测数据"],
    ).register(1).triage(1, "污防科").answer(
        "2025-10-09",
        [(Outcome.NOT_HELD,
          "本机关已在固体废物管理档案、环评审批档案及电子政务系统中检索。该填埋场由莆田市"
          "城市管理局委托的运营单位管理，您可以向莆田市城市管理局咨询。")],
        archive=4,
    )

    plan.case(
        "2025-correction-lapsed", applicant=FANG_JUNJIE, channel=Channel.ONLINE,
        submitted="2025-10-19 22:05", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["你们局所有关于我家附近那家工厂的文件"],
    ).register(1).correction(
        1,
        "1.请写明所指工厂的名称或所在具体位置；2.请写明所需文件的名称、文号或其他能够"
        "指向特定政府信息的描述（如环评批复、监测报告、处罚决定等）。",
    ).abandon(17, AbandonReason.CORRECTION_LAPSED).archive(2)

    plan.case(
        "2025-key-polluters-extended", applicant=GREEN_HOME, channel=Channel.ONLINE,
        submitted="2025-10-27 14:20", form=FILE, obtain=ObtainMethod.ONLINE_DOWNLOAD,
        purpose="开展重点排污单位环境信息公开情况评价",
        items=[
            "2024年度莆田市环境监管重点单位名录",
            "名录中涉水重点排污单位2024年自动监测数据日均值及超标情况",
            "2024年对上述单位超标排放问题的处理情况",
        ],
    ).register(1).triage(1, "污防科").extend(
        14, days=15,
        reason="申请涉及重点排污单位数量较多，需逐家汇总核实自动监测数据，无法在20个工作日内答复。",
    ).answer(
        12,
        [
            (Outcome.ALREADY_PUBLIC, f"该名录已在{ENV_SITE}“重点排污单位”专栏主动公开。"),
            (Outcome.PROVIDED, "提供涉水重点排污单位2024年自动监测日均值汇总表（电子表格）。"),
            (Outcome.PROVIDED, "提供2024年超标排放问题处理情况一览表。"),
        ],
        archive=5,
    )

    plan.case(
        "2025-census-other-law", applicant=MEIZHOUWAN_ENV, channel=Channel.REGISTERED_POST,
        submitted="2025-11-03", form=PAPER, obtain=ObtainMethod.POST,
        purpose="开展市场调研",
        items=["第二次全国污染源普查中莆田市涵江区各工业企业填报的普查表原始数据"],
    ).register(1, post_signed=True).triage(1, "污防科").answer(
        10,
        [(Outcome.REFUSED_OTHER_LAW,
          "根据《全国污染源普查条例》第三十三条及《中华人民共和国统计法》的规定，普查取得的"
          "单个普查对象的资料不得对外提供、泄露。")],
        archive=4,
    )


def _plan_carry_over(plan: Plan) -> None:
    """Registered in December 2025, concluded in January and February 2026."""
    plan.case(
        "carry-over-noise-zones", applicant=WANG_LEI, channel=Channel.ONLINE,
        submitted="2025-12-21 19:30", form=FILE, obtain=ObtainMethod.EMAIL,
        purpose="了解住所所在区域的声环境功能区类别",
        items=["莆田市中心城区声环境功能区划调整方案及2025年道路交通噪声监测结果"],
    ).register(1).triage(1, "市环境监测中心站").answer(
        "2026-01-14",
        [(Outcome.PROVIDED, "提供声环境功能区划调整方案及2025年道路交通噪声监测结果。")],
        archive=5,
    )

    plan.case(
        "carry-over-not-held", applicant=KE_WENLONG, channel=Channel.EMAIL,
        submitted="2025-12-29", form=MAIL, obtain=ObtainMethod.EMAIL,
        items=["2025年11月涵江区江口镇某食品加工厂废水排放口的在线监测数据"],
    ).register(0).triage(1, "污防科").extend(
        "2026-01-20", days=10, reason="需向涵江区相关部门核实该企业排污许可及监测设施情况。",
    ).answer(
        "2026-02-05",
        [(Outcome.NOT_HELD,
          "经核实，该企业不属于重点排污单位，未安装废水在线监测设备。")],
        archive=3,
    )


def _plan_2026_concluded(plan: Plan) -> None:
    """Requests of 2026 that are replied, archived, withdrawn or abandoned."""
    plan.case(
        "2026-wwtp-eia", applicant=CAI_LIJUAN, channel=Channel.REGISTERED_POST,
        submitted="2026-01-12", form=PAPER, obtain=ObtainMethod.POST,
        purpose="了解污水处理厂扩建对周边环境的影响",
        items=[("莆田市城市污水处理厂四期扩建工程环境影响报告书及批复", "莆环评〔2025〕91号")],
    ).register(1, post_signed=True).triage(1, "环审科").answer(
        9, [(Outcome.PROVIDED, "邮寄提供环境影响报告书简本及批复文件复印件。")], archive=4,
    )

    plan.case(
        "2026-meizhou-bay-partial", applicant=BLUE_BAY, channel=Channel.ONLINE,
        submitted="2026-03-02 11:05", form=FILE, obtain=ObtainMethod.ONLINE_DOWNLOAD,
        purpose="开展湄洲湾近岸海域生态保护公益监督",
        items=[
            "2025年湄洲湾（秀屿区东埔镇至东峤镇沿海）近岸海域水质监测数据",
            "2025年湄洲湾沿岸入海排污口排查整治清单及整治进展",
            "入海排污口整治过程中各责任单位报送的内部排查报告及会商纪要",
        ],
    ).register(1).triage(1, "污防科").answer(
        10,
        [
            (Outcome.ALREADY_PUBLIC, f"该数据已在{ENV_SITE}“近岸海域环境质量”栏目主动公开。"),
            (Outcome.PROVIDED, "提供入海排污口排查整治清单及整治进展表。"),
            (Outcome.REFUSED_PROCESS_INFORMATION,
             "内部排查报告及会商纪要是整治方案形成过程中的讨论记录和过程稿，整治方案尚未"
             "最终确定。"),
        ],
    )

    plan.case(
        "2026-construction-noise", applicant=LIYUAN_OWNERS, channel=Channel.IN_PERSON,
        submitted="2026-04-08 15:10", form=PAPER, obtain=ObtainMethod.COLLECT_IN_PERSON,
        purpose="小区居民反映夜间施工噪声扰民，需了解施工单位是否取得夜间施工证明",
        items=["荔园小区北侧某商业综合体建筑工地2026年3月以来的夜间施工证明文件"],
    ).register(0).triage(1, "污防科").answer(
        8,
        [(Outcome.NOT_THIS_ORGAN,
          "建筑施工夜间作业证明由住房和城乡建设主管部门出具。",
          "莆田市住房和城乡建设局")],
    )

    plan.case(
        "2026-needs-creation", applicant=MULANXI_INSTITUTE, channel=Channel.EMAIL,
        submitted="2026-04-13", form=MAIL, obtain=ObtainMethod.EMAIL,
        purpose="流域污染负荷研究",
        items=["2016年至2025年全市各乡镇（街道）工业企业化学需氧量、氨氮排放量按年度汇总"
               "排名统计表"],
    ).register(0).triage(1, "污防科").answer(
        12,
        [(Outcome.NEEDS_CREATION,
          "本机关未按乡镇（街道）对工业企业污染物排放量进行统计汇总，现有排污许可执行报告"
          "按企业填报。")],
        archive=5,
    )

    plan.case(
        "2026-bulk-reasons", applicant=XU_JIANGUO, channel=Channel.ONLINE,
        submitted="2026-03-16 08:12", form=FILE, obtain=ObtainMethod.EMAIL,
        items=[
            "全市1200余家排污单位2023年至2025年的全部环境监测报告",
            "全市建设项目2015年以来的全部竣工环境保护验收报告",
            "2015年以来本机关全部行政执法记录及现场照片",
        ],
    ).register(1).triage(1, "市环境监察支队").ask_reasons(
        1, count=46, period="2026年3月", respond_in=10,
    ).answer(
        12,
        [(Outcome.NOT_OGI_BULK, "同一申请人短期内大量申请，经要求说明理由，未能说明理由。")] * 3,
        "您在2026年3月内向本机关提出政府信息公开申请46件。",
    )

    plan.case(
        "2026-still-unclear", applicant=YU_QIUPING, channel=Channel.ONLINE,
        submitted="2026-04-19 16:48", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["要求公开那个化工厂的环评"],
    ).register(1).correction(
        1,
        "请写明化工企业的名称或建设项目名称、所在位置，以及所需环评文件的种类"
        "（报告书、报告表或批复）。",
    ).receive_correction(
        5, "申请人来电补正：“就是江口镇那个化工厂”，未提供企业或项目名称。",
    ).triage(1, "环审科").answer(
        12,
        [(Outcome.STILL_UNCLEAR,
          "江口镇范围内有多家化工企业及多个建设项目，补正后的申请仍未写明企业或项目名称。")],
    )

    plan.case(
        "2026-corrected-provided", applicant=RUIFENG_SHOES, channel=Channel.FAX,
        submitted="2026-06-01", form=PAPER, obtain=ObtainMethod.POST,
        purpose="企业扩建选址论证",
        items=["华林工业区的区域环评"],
    ).register(0).correction(
        2,
        "1.请补充提供加盖公章的营业执照副本复印件；2.请明确所需区域环评的规划名称"
        "（如“莆田华林经济开发区总体规划”）。",
    ).receive_correction(
        4, "申请人传真补正营业执照副本复印件，明确所需为莆田华林经济开发区总体规划环评。",
    ).triage(1, "环审科").answer(
        9,
        [(Outcome.PROVIDED,
          "提供《莆田华林经济开发区总体规划（2021—2035年）环境影响报告书》审查意见复印件。")],
        archive=5,
    )

    plan.case(
        "2026-process-information", applicant=KE_WENLONG, channel=Channel.ONLINE,
        submitted="2026-05-11 21:36", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["涵江临港产业园化工集中区扩区项目环评技术评估会专家意见原稿及本机关内部审批"
               "讨论记录"],
    ).register(1).triage(1, "环审科").answer(
        10,
        [(Outcome.REFUSED_PROCESS_INFORMATION,
          "专家评审会议记录和审查意见征求稿是审批过程中形成的讨论记录和过程稿。该项目审批"
          "结果已依法公示。")],
        archive=4,
    )

    plan.case(
        "2026-water-source-security", applicant=WENG_XUEMEI, channel=Channel.EMAIL,
        submitted="2026-06-22", form=MAIL, obtain=ObtainMethod.EMAIL,
        items=["东圳水库饮用水水源地一级保护区取水口精确坐标、安防监控点位布设图及应急物资"
               "储备点位"],
    ).register(0).triage(1, "污防科").answer(
        11,
        [(Outcome.REFUSED_SECURITY_STABILITY,
          "所申请信息涉及城市集中式饮用水水源地取水口坐标和安全防范部署。")],
        archive=5,
    )

    plan.case(
        "2026-state-secret", applicant=ZHENG_XIAOFENG, channel=Channel.ONLINE,
        submitted="2026-07-06 10:02", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["涵江区某军事管理区周边土壤及地下水环境监测点位和监测数据"],
    ).register(1).triage(1, "市环境监测中心站").answer(
        10,
        [(Outcome.REFUSED_STATE_SECRET,
          "经保密审查，该监测点位布设方案已依法确定为秘密级国家秘密。")],
    )

    plan.case(
        "2026-internal-affairs", applicant=CHEN_JIAXIN, channel=Channel.ONLINE,
        submitted="2026-07-20 13:25", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["市环境监察支队2026年执法人员考勤记录、值班排班表及内部绩效考核细则"],
    ).register(1).triage(1, "市环境监察支队").answer(
        8,
        [(Outcome.REFUSED_INTERNAL_AFFAIRS,
          "执法人员值班安排和考勤记录属于本机关的内部管理信息。")],
    )

    plan.case(
        "2026-administrative-query", applicant=XINGLI_MATERIALS, channel=Channel.ONLINE,
        submitted="2026-08-03 09:18", form=FILE, obtain=ObtainMethod.ONLINE_DOWNLOAD,
        items=["查询本公司排污许可证重新申请事项的审批办理进度及经办人员"],
    ).register(1).triage(1, "环审科").answer(
        6,
        [(Outcome.REFUSED_ADMINISTRATIVE_QUERY,
          "行政许可事项的办理进度可通过福建省网上办事大厅或本机关行政服务窗口查询。")],
    )

    plan.case(
        "2026-repeat", applicant=LIN_ZHIQIANG, channel=Channel.ONLINE,
        submitted="2026-08-30 20:12", form=FILE, obtain=ObtainMethod.EMAIL,
        items=[(
            "福建兴荔新材料科技有限公司年产5万吨改性塑料项目环境影响报告书（报批稿）"
            "及莆田市生态环境局对该报告书的审批意见",
            "莆环评〔2024〕58号",
        )],
    ).register(1).triage(1, "环审科").answer(
        7,
        [(Outcome.NOT_OGI_REPEAT,
          "前次答复已向您提供该报告书及审批意见全文。")],
    )

    plan.case(
        "2026-publication-on-the-spot", applicant=HUANG_GUOPING, channel=Channel.IN_PERSON,
        submitted="2026-09-08 10:20", form=PAPER, obtain=ObtainMethod.COLLECT_IN_PERSON,
        items=["《福建省生态环境统计年鉴（2024）》纸质版一册"],
    ).reply_on_the_spot(
        [(Outcome.NOT_OGI_PUBLICATION,
          "该年鉴可通过新华书店购买，或到莆田市图书馆查阅。")],
    ).archive(2)

    plan.case(
        "2026-confirmation", applicant=WU_SUZHEN, channel=Channel.ORDINARY_POST,
        submitted="2026-09-14", form=PAPER, obtain=ObtainMethod.POST,
        items=["请对本人此前获取的《关于笏石镇顶社村石材加工厂噪声问题的复函》复印件加盖公章，"
               "确认其与原件一致"],
    ).register(1).triage(1, "污防科").answer(
        6,
        [(Outcome.NOT_OGI_CONFIRMATION,
          "如需核对所持复函与本机关存档是否一致，可持原件到本机关办公室查看。")],
    )

    plan.case(
        "2026-reissue", applicant=KE_WENLONG, channel=Channel.ONLINE,
        submitted="2026-09-15 16:40", form=PAPER, obtain=ObtainMethod.POST,
        items=["请按现行格式重新出具2019年向本人提供的《荔城区黄石镇某养殖场环保验收情况说明》，"
               "注明截至目前的整改情况"],
    ).register(1).triage(1, "污防科").answer(
        6,
        [(Outcome.NOT_OGI_REISSUE,
          "原说明反映的是2019年验收时的情况，截至目前的整改情况未形成书面说明。")],
    )

    plan.case(
        "2026-pig-farm-oral", applicant=HUANG_GUOPING, channel=Channel.ORAL,
        submitted="2026-06-15 09:50", form=INSPECT, obtain=ObtainMethod.COLLECT_IN_PERSON,
        special_needs="申请人年事已高、不识字，由工作人员代为填写申请表并当场宣读确认。",
        items=["本村附近新建生猪养殖场是否办理了环评手续，要求查看环评备案或批复文件"],
    ).reply_on_the_spot(
        [(Outcome.ALREADY_PUBLIC,
          "该养殖场环境影响登记表备案信息已在建设项目环境影响登记表备案系统公开，"
          "现场协助查阅并打印备案回执。")],
    ).archive(3)

    plan.case(
        "2026-withdrawn", applicant=FANG_JUNJIE, channel=Channel.ONLINE,
        submitted="2026-10-19 12:30", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["城厢区霞林街道某汽车4S店喷漆房2026年废气检测报告"],
    ).register(1).triage(1, "污防科").withdraw(
        6, "申请人来电表示已通过企业公示渠道获取所需信息，申请撤回，并于当日提交书面撤回申请。"
    )

    plan.case(
        "2026-correction-lapsed", applicant=CHEN_MEILING, channel=Channel.EMAIL,
        submitted="2026-10-12", form=MAIL, obtain=ObtainMethod.EMAIL,
        items=["镇海街道那条河的检测报告"],
    ).register(0).correction(
        1, "请写明河流（河段）名称、所需监测报告的时间范围及监测项目。",
    ).abandon(17, AbandonReason.CORRECTION_LAPSED)

    plan.case(
        "2026-fee-unpaid", applicant=MEIZHOUWAN_ENV, channel=Channel.ONLINE,
        submitted="2026-08-24 08:40", form=PAPER, obtain=ObtainMethod.POST,
        purpose="投标资料准备",
        items=["2023年至2025年秀屿区、湄洲湾北岸经济开发区建设项目竣工环境保护验收监测报告"],
    ).register(1).triage(1, "市环境监测中心站").fee(
        5, standard=FeeStandard.PER_PAGE, quantity=160,
    ).fee_received(1).abandon(22, AbandonReason.FEE_UNPAID)

    plan.case(
        "2026-fee-paid", applicant=BLUE_BAY, channel=Channel.ONLINE,
        submitted="2026-06-29 15:55", form=PAPER, obtain=ObtainMethod.POST,
        purpose="编写湄洲湾海洋生态保护年度观察报告",
        items=["2025年湄洲湾海域海洋垃圾及微塑料监测报告（含附表）"],
    ).register(1).triage(1, "市环境监测中心站").fee(
        4, standard=FeeStandard.PER_PAGE, quantity=95,
    ).fee_received(1).pay(4).answer(
        6, [(Outcome.PROVIDED, "邮寄提供监测报告纸质复印件（共95页）。")], archive=5,
    )

    plan.case(
        "2026-co-organ-lapsed", applicant=YU_QIUPING, channel=Channel.ONLINE,
        submitted="2026-05-25 19:40", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["木兰溪流域（莆田段）水环境综合整治2025年联合执法检查情况通报"],
    ).register(1).triage(1, "污防科").consult(
        3, kind=ConsultedParty.CO_ORGAN, party="莆田市水利局",
        subject="木兰溪流域水环境综合整治2025年联合执法检查情况通报（与本机关共同制作）",
        contact="莆田市水利局办公室",
    ).consultation_received(1, method=ELECTRONIC_DELIVERY).close_consultation(
        17, result=ConsultationResult.LAPSED_CO_ORGAN,
        opinion="莆田市水利局在15个工作日内未提出意见，视为同意公开。",
    ).answer(
        2, [(Outcome.PROVIDED, "提供联合执法检查情况通报电子版。")], archive=5,
    )

    plan.case(
        "2026-incinerator-sensitive", applicant=GREEN_HOME, channel=Channel.ONLINE,
        submitted="2026-03-23 10:45", form=FILE, obtain=ObtainMethod.ONLINE_DOWNLOAD,
        purpose="关注生活垃圾焚烧设施周边居民健康",
        items=[
            "莆田市生活垃圾焚烧发电厂2025年烟气二噁英类排放监督性监测报告",
            "焚烧发电厂周边居民健康影响评估材料",
        ],
    ).register(1).triage(1, "市环境监测中心站").flag(
        3,
        "申请涉及群众高度关注的生活垃圾焚烧项目，内容比较敏感、社会效应预期复杂，"
        "提请协调会商。",
    ).meeting(
        4,
        "经办公室、市环境监测中心站、法规科、宣教中心会商：监督性监测报告依法公开并附解读"
        "说明；本机关未开展居民健康影响评估，如实告知。",
    ).draft(
        2,
        [
            (Outcome.PROVIDED, "提供2025年二噁英类排放监督性监测报告。"),
            (Outcome.NOT_HELD, "本机关未开展过焚烧发电厂周边居民健康影响评估。"),
        ],
    ).submit_review(0).pass_review(1).return_sign(
        1, "请在答复中补充监测结果的解读说明及标准限值对照，便于申请人理解。"
    ).draft(
        1,
        [
            (Outcome.PROVIDED,
             "提供2025年二噁英类排放监督性监测报告，并附监测结果解读说明（与《生活垃圾焚烧"
             "污染控制标准》限值对照）。"),
            (Outcome.NOT_HELD, "本机关未开展过焚烧发电厂周边居民健康影响评估。"),
        ],
    ).submit_review(0).pass_review(1).sign(1).reply(1).archive(5)


def _plan_open(plan: Plan) -> None:
    """Requests still open on the demo's today (2026-11-27)."""
    back = plan.back

    plan.case(
        "open-received", applicant=CAI_LIJUAN, channel=Channel.ONLINE,
        submitted="2026-11-26 21:10", form=FILE, obtain=ObtainMethod.EMAIL,
        purpose="关注秋冬季空气质量",
        items=["2026年第三季度莆田市中心城区各空气质量自动监测站逐日PM2.5、臭氧浓度数据"],
    )

    plan.case(
        "open-registered", applicant=ZHU_HAIBIN, channel=Channel.ONLINE,
        submitted=f"{back(3)} 16:30", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["湄洲湾北岸经济开发区某石化项目环境风险评估报告及突发环境事件应急预案备案情况"],
    ).register(back(1))

    plan.case(
        "open-awaiting-correction", applicant=WANG_LEI, channel=Channel.REGISTERED_POST,
        submitted=str(back(6)), form=PAPER, obtain=ObtainMethod.POST,
        items=["我家楼下饭店的油烟检测"],
    ).register(back(5), post_signed=True).correction(
        back(3),
        "请写明饭店名称或详细地址，以及所需信息的具体内容（如油烟净化设施备案、油烟排放"
        "检测报告等）和时间范围。",
    )

    # The correction period ran out a week ago: the registrars are to confirm the lapse
    # (「确认视为放弃」) or record a good reason.
    plan.case(
        "open-correction-lapsed", applicant=CHEN_MEILING, channel=Channel.REGISTERED_POST,
        submitted=str(back(24)), form=PAPER, obtain=ObtainMethod.POST,
        items=["我们小区旁边那个工地的噪声监测"],
    ).register(back(23), post_signed=True).correction(
        back(22),
        "请写明工地（建设项目）的名称或所在位置，以及所需噪声监测信息的时间范围和具体内容"
        "（如监督性监测报告、投诉处理记录等）。",
    )

    plan.case(
        "open-overdue", applicant=FANG_JUNJIE, channel=Channel.ONLINE,
        submitted=f"{back(27)} 22:15", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["2026年木兰溪城厢段（华亭镇至木兰陂）沿岸入河排污口名录及各排污口水质监测数据"],
    ).register(back(26)).triage(back(25), "污防科")

    plan.case(
        "open-due-soon", applicant=PUYANG_LAW, channel=Channel.EMAIL,
        submitted=str(back(18)), form=PAPER, obtain=ObtainMethod.POST,
        purpose="代理行政复议案件",
        items=["2026年9月对荔城区黄石镇电镀集控区开展“双随机、一公开”执法检查的结果及处理情况"],
    ).register(0).triage(1, "市环境监察支队")

    plan.case(
        "open-extended", applicant=BLUE_BAY, channel=Channel.ONLINE,
        submitted=f"{back(31)} 09:05", form=FILE, obtain=ObtainMethod.ONLINE_DOWNLOAD,
        items=[
            "莆田平海湾海上风电场二期项目环境影响报告书",
            "该项目海洋生态补偿方案及实施情况",
        ],
    ).register(back(30)).triage(1, "环审科").extend(
        back(13), days=20,
        reason="申请涉及的海洋生态补偿实施情况需向项目建设单位及海洋渔业部门核实，"
               "无法在20个工作日内答复。",
    )

    plan.case(
        "open-returned-from-review", applicant=WU_SUZHEN, channel=Channel.ORAL,
        submitted=f"{back(9)} 10:40", form=PAPER, obtain=ObtainMethod.POST,
        special_needs="申请人视力较差，请以大字号打印答复材料。",
        items=["笏石镇顶社村附近通信基站2026年电磁辐射环境监测报告"],
    ).register(0).triage(1, "市环境监测中心站").draft(
        back(4),
        [(Outcome.PROVIDED, "提供该基站电磁辐射环境监测报告。")],
    ).submit_review(0).return_review(
        back(3),
        "监测报告中列有基站运营单位内部站点编码及精确坐标，请作去标识化处理或先征求第三方"
        "意见后重新提交。",
    )

    plan.case(
        "open-third-party", applicant=LICHENG_PLASTICS, channel=Channel.ONLINE,
        submitted=f"{back(12)} 14:00", form=FILE, obtain=ObtainMethod.EMAIL,
        items=["莆田市华威制革有限公司技改项目环境影响报告表中的污染治理设施设计参数"],
    ).register(1).triage(1, "环审科").consult(
        back(7), kind=ConsultedParty.THIRD_PARTY, party="莆田市华威制革有限公司",
        contact="0594-3512876",
        subject="技改项目环境影响报告表中的污染治理设施设计参数",
    ).consultation_received(2)

    # The same institute's earlier request of the month: its 8 items count towards the
    # per-item fee bands of the next one (国办函〔2020〕109号, per applicant per month).
    plan.case(
        "2026-noise-monthly-earlier", applicant=MULANXI_INSTITUTE, channel=Channel.EMAIL,
        submitted=str(back(18)), form=FILE, obtain=ObtainMethod.EMAIL,
        purpose="城市声环境质量研究",
        items=[
            f"2025年{month}月莆田市中心城区功能区声环境质量监测数据" for month in range(5, 13)
        ],
    ).register(0).triage(1, "市环境监测中心站").answer(
        4, [(Outcome.PROVIDED, "提供该月功能区声环境质量监测数据电子版。")] * 8,
    )

    plan.case(
        "open-awaiting-fee", applicant=MULANXI_INSTITUTE, channel=Channel.FAX,
        submitted=str(back(15)), form=FILE, obtain=ObtainMethod.EMAIL,
        purpose="城市声环境质量研究",
        items=[
            f"2026年{month}月莆田市中心城区功能区声环境质量监测数据" for month in range(6, 11)
        ],
    ).register(1).triage(1, "市环境监测中心站").fee(
        back(7), standard=FeeStandard.PER_ITEM, quantity=5,
    ).fee_received(2)

    plan.case(
        "open-sensitive", applicant=ZHENG_XIAOFENG, channel=Channel.ONLINE,
        submitted=f"{back(9)} 20:50", form=FILE, obtain=ObtainMethod.EMAIL,
        items=[
            "涵江临港产业园某化工企业2026年10月突发环境事件调查报告",
            "该事件对萩芦溪下游水体影响的监测数据及评估结论",
        ],
    ).register(1).triage(1, "污防科").flag(
        back(2),
        "涉及突发环境事件，周边群众关注度高，网络舆情较多，内容比较敏感、答复难度较大，"
        "提请协调会商。",
    )

    plan.case(
        "open-confidentiality-review", applicant=KE_WENLONG, channel=Channel.REGISTERED_POST,
        submitted=str(back(16)), form=PAPER, obtain=ObtainMethod.POST,
        items=["2026年荔城区黄石镇畜禽养殖污染整治验收合格名单及验收意见"],
    ).register(1, post_signed=True).triage(1, "污防科").draft(
        back(1),
        [(Outcome.PROVIDED, "提供整治验收合格名单及验收意见复印件。")],
    ).submit_review(0)

    plan.case(
        "open-sign-off", applicant=XU_JIANGUO, channel=Channel.IN_PERSON,
        submitted=f"{back(19)} 15:20", form=PAPER, obtain=ObtainMethod.COLLECT_IN_PERSON,
        items=["2026年1月至10月莆田市生态环境局作出的行政处罚决定书目录"],
    ).register(0).triage(1, "市环境监察支队").draft(
        back(3),
        [(Outcome.ALREADY_PUBLIC,
          f"行政处罚决定已在{ENV_SITE}及“信用中国（福建莆田）”网站“双公示”栏目主动公开。")],
    ).submit_review(0).pass_review(back(2))

    plan.case(
        "open-signed", applicant=RUIFENG_SHOES, channel=Channel.ONLINE,
        submitted=f"{back(23)} 18:05", form=PAPER, obtain=ObtainMethod.POST,
        items=["对莆田市某石材厂2026年行政处罚案件的调查询问笔录及证据材料"],
    ).register(back(22)).triage(1, "市环境监察支队").draft(
        back(4),
        [(Outcome.REFUSED_ENFORCEMENT_FILE,
          "调查询问笔录及证据材料是该案调查过程中形成的执法案卷材料。")],
    ).submit_review(0).pass_review(back(3)).sign(back(1))


# ---------------------------------------------------------------------------------------
# Organ, departments, people
# ---------------------------------------------------------------------------------------


def demo_organ() -> Organ | None:
    return Organ.objects.filter(code=ORGAN["code"]).first()


def is_seeded() -> bool:
    organ = demo_organ()
    return organ is not None and organ.requests.exists()


def logins(passwords: dict[str, str] | None = None) -> list[Login]:
    """Every demo login with its password: from ``passwords`` (username → what to show)
    when given, otherwise the demo password — or, outside debug mode, where each login has
    its own random password, a note that it was shown when the login was created."""

    def password(username: str) -> str:
        if passwords is not None:
            return passwords.get(username, PASSWORD_UNCHANGED)
        return DEMO_PASSWORD if settings.DEBUG else PASSWORD_SHOWN_ONCE

    staff = [
        Login(
            username=spec.username,
            name=spec.last_name + spec.first_name,
            role=str(Role(spec.role).label),
            department=spec.department or "—",
            password=password(spec.username),
        )
        for spec in STAFF
    ]
    applicants = [
        Login(username=person.email, name=person.name, role="申请人（/portal/ 登录）",
              department="—", password=password(person.email))
        for person in APPLICANT_LOGINS
    ]
    return staff + applicants


def new_passwords(*, demo_passwords: bool) -> dict[str, str]:
    """The password each demo login is created with: the demo password, or a random one
    each (``secrets``), never the same for two logins."""
    usernames = [spec.username for spec in STAFF] + [p.email for p in APPLICANT_LOGINS]
    if demo_passwords:
        return dict.fromkeys(usernames, DEMO_PASSWORD)
    return {username: secrets.token_urlsafe(12) for username in usernames}


def _hashed(password: str, cache: dict[str, str]) -> str:
    """``make_password`` once per distinct password (a strong hash takes a while)."""
    if password not in cache:
        cache[password] = make_password(password)
    return cache[password]


def _organ_and_departments() -> tuple[Organ, dict[str, Department]]:
    organ, _created = Organ.objects.get_or_create(
        code=ORGAN["code"], defaults={k: v for k, v in ORGAN.items() if k != "code"}
    )
    departments = {}
    for name in DEPARTMENTS:
        department, _created = Department.objects.get_or_create(
            organ=organ, name=name,
            defaults={"is_ogi_office": name == OGI_OFFICE, "is_publicity": name == PUBLICITY},
        )
        departments[name] = department
    for entry in DIRECTORY:
        OtherOrgan.objects.get_or_create(
            organ=organ, name=entry["name"],
            defaults={k: v for k, v in entry.items() if k != "name"},
        )
    return organ, departments


def _people(
    organ: Organ, departments: dict[str, Department], passwords: dict[str, str]
) -> tuple[dict, list[str]]:
    """The organ's staff, one a role; a username that existed keeps its password (and
    leaves ``passwords``). They work through the workbench by their roles (memberships);
    only the system administrator uses the admin, so only they are staff in Django's
    sense — nobody else is given ``is_staff`` or model permissions."""
    User = get_user_model()  # noqa: N806
    users, warnings, hashes = {}, [], {}
    for spec in STAFF:
        is_admin = spec.role == Role.ADMINISTRATOR
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@pthb.example.cn",
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "password": _hashed(passwords[spec.username], hashes),
            },
        )
        if not created:
            del passwords[spec.username]
            warnings.append(
                f"用户 {spec.username} 已存在，已为其添加演示岗位，但未修改其密码。"
            )
        StaffMembership.objects.get_or_create(
            user=user, organ=organ, role=spec.role,
            department=departments[spec.department] if spec.department else None,
        )
        users[spec.username] = user
    return users, warnings


def _applicant_accounts(passwords: dict[str, str]) -> tuple[dict, list[str]]:
    """Portal accounts (the e-mail address is the username, as on sign-up) for the demo
    applicants who apply online with one; their online requests are made from it."""
    User = get_user_model()  # noqa: N806
    accounts, warnings, hashes = {}, [], {}
    for person in APPLICANT_LOGINS:
        user, created = User.objects.get_or_create(
            username=person.email,
            defaults={"email": person.email, "first_name": person.name, "is_active": True,
                      "password": _hashed(passwords[person.email], hashes)},
        )
        if not created:
            del passwords[person.email]
            warnings.append(f"用户 {person.email} 已存在，其网上申请仍记在该账号下，但未修改其密码。")
        accounts[person.email] = user
    return accounts, warnings


def _status_counts(organ: Organ) -> dict[str, int]:
    counts = dict.fromkeys(Status.values, 0)
    for status in organ.requests.values_list("status", flat=True):
        counts[status] += 1
    return counts


def build_plan(organ: Organ, departments: dict, users: dict, accounts: dict | None = None) -> Plan:
    plan = Plan(
        organ=organ, calendar=load_working_calendar(), users=users, departments=departments,
        accounts=accounts,
    )
    _plan_2025(plan)
    _plan_carry_over(plan)
    _plan_2026_concluded(plan)
    _plan_open(plan)
    return plan


def seed_demo(*, demo_passwords: bool | None = None) -> SeedResult:
    """Create the demo organ, people and requests, unless the organ already has requests.

    ``demo_passwords``: whether new logins get the demo password ``DEMO_PASSWORD``; by
    default only in debug mode. Otherwise each new login gets its own random password, and
    the result's ``logins`` carry them — the only time they are known.

    Everything happens in one transaction: on any refusal nothing is kept and
    ``DemoError`` names the request and the act.
    """
    if demo_passwords is None:
        demo_passwords = settings.DEBUG
    if is_seeded():
        organ = demo_organ()
        return SeedResult(
            created=False, logins=logins(), request_count=organ.requests.count(),
            status_counts=_status_counts(organ),
        )
    passwords = new_passwords(demo_passwords=demo_passwords)
    with transaction.atomic():
        organ, departments = _organ_and_departments()
        users, warnings = _people(organ, departments, passwords)
        accounts, account_warnings = _applicant_accounts(passwords)
        plan = build_plan(organ, departments, users, accounts)
        warnings += account_warnings
        plan.run()
        # What the nightly deadline sweep does: bring every cached due date up to today
        # (an open consultation or fee pause moves the due date out day by day).
        calendar = plan.calendar
        for request in organ.requests.order_by("pk"):
            request_refresh_clock(request, calendar=calendar)
    return SeedResult(
        created=True, logins=logins(passwords), request_count=organ.requests.count(),
        status_counts=_status_counts(organ), warnings=warnings,
    )


# ---------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns the text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(display_width(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))
    ]

    def line(cells):
        return "  ".join(
            str(cell) + " " * (width - display_width(str(cell)))
            for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def format_logins(rows: list[Login]) -> str:
    return format_table(
        ["用户名", "姓名", "角色", "科室", "密码"],
        [[r.username, r.name, r.role, r.department, r.password] for r in rows],
    )
