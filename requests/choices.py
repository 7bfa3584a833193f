"""Code lists of the request record (GLOSSARY.md): one name per thing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Legal status of a request (DESIGN.md §2)."""

    RECEIVED = "received", _("已接收")
    REGISTERED = "registered", _("已登记")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    PROCESSING = "processing", _("办理中")
    THIRD_PARTY_CONSULTATION = "third_party_consultation", _("征求意见")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    CONSULTATION = "consultation", _("会商")
    CONFIDENTIALITY_REVIEW = "confidentiality_review", _("保密审查")
    SIGN_OFF = "sign_off", _("审签")
    REPLIED = "replied", _("已答复")
    ARCHIVED = "archived", _("已归档")
    WITHDRAWN = "withdrawn", _("已撤回")
    ABANDONED = "abandoned", _("视为放弃")


#: Statuses in which the request is still before the reply (withdrawal possible).
OPEN_STATUSES = (
    Status.RECEIVED,
    Status.REGISTERED,
    Status.AWAITING_CORRECTION,
    Status.PROCESSING,
    Status.THIRD_PARTY_CONSULTATION,
    Status.AWAITING_FEE,
    Status.CONSULTATION,
    Status.CONFIDENTIALITY_REVIEW,
    Status.SIGN_OFF,
)
#: Statuses in which the statutory clock may run (an extension can be granted).
CLOCK_RUNNING_STATUSES = (
    Status.REGISTERED,
    Status.PROCESSING,
    Status.CONSULTATION,
    Status.CONFIDENTIALITY_REVIEW,
    Status.SIGN_OFF,
)
CONCLUDED_STATUSES = (Status.REPLIED, Status.ARCHIVED, Status.WITHDRAWN, Status.ABANDONED)


class ApplicantKind(models.TextChoices):
    """The six applicant kinds: the columns of annual report table 三."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", _("商业企业")
    RESEARCH_INSTITUTION = "research_institution", _("科研机构")
    SOCIAL_WELFARE_ORG = "social_welfare_org", _("社会公益组织")
    LEGAL_SERVICES_ORG = "legal_services_org", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


class IdDocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident", _("外国人永久居留身份证")
    UNIFIED_SOCIAL_CREDIT_CODE = "unified_social_credit_code", _("统一社会信用代码")
    OTHER_ORG_DOCUMENT = "other_org_document", _("其他组织证明文件")


PERSON_DOCUMENT_TYPES = (
    IdDocumentType.RESIDENT_ID,
    IdDocumentType.PASSPORT,
    IdDocumentType.HK_MACAO_PERMIT,
    IdDocumentType.TAIWAN_PERMIT,
    IdDocumentType.FOREIGN_PERMANENT_RESIDENT,
)
ORGANISATION_DOCUMENT_TYPES = (
    IdDocumentType.UNIFIED_SOCIAL_CREDIT_CODE,
    IdDocumentType.OTHER_ORG_DOCUMENT,
)


class Channel(models.TextChoices):
    """How the application reached the organ; decides the receipt date (Art. 31)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面申请")
    REGISTERED_POST = "registered_post", _("信函申请·需签收")
    ORDINARY_POST = "ordinary_post", _("信函申请·平信")
    FAX = "fax", _("传真申请")
    EMAIL = "email", _("电子邮件申请")
    ORAL = "oral", _("口头申请")


class InformationForm(models.TextChoices):
    PAPER = "paper", _("纸质文本")
    ELECTRONIC_FILE = "electronic_file", _("电子文件")
    EMAIL = "email", _("电子邮件")
    INSPECTION = "inspection", _("当场查阅")


class ObtainMethod(models.TextChoices):
    COLLECT_IN_PERSON = "collect_in_person", _("当面领取")
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    ONLINE_DOWNLOAD = "online_download", _("网上下载")


class Role(models.TextChoices):
    REGISTRAR = "registrar", _("登记员")
    HANDLER = "handler", _("承办人")
    DEPARTMENT_HEAD = "department_head", _("科室负责人")
    SECRECY_REVIEWER = "secrecy_reviewer", _("保密审查员")
    LEGAL_REVIEWER = "legal_reviewer", _("法制审核员")
    OGI_HEAD = "ogi_head", _("政府信息公开工作机构负责人")
    SIGNING_LEADER = "signing_leader", _("分管领导")
    SUPERVISOR = "supervisor", _("督查员")
    ADMINISTRATOR = "administrator", _("系统管理员")


class ConsultedParty(models.TextChoices):
    THIRD_PARTY = "third_party", _("第三方")
    CO_ORGAN = "co_organ", _("其他机关")


class ConsultationResult(models.TextChoices):
    CONSENT = "consent", _("同意公开")
    OBJECTION = "objection", _("不同意公开")
    LAPSED_THIRD_PARTY = "lapsed_third_party", _("逾期未提出意见（由本机关依法决定）")
    LAPSED_CO_ORGAN = "lapsed_co_organ", _("逾期未提出意见（视为同意）")


class FeeStandard(models.TextChoices):
    PER_ITEM = "per_item", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


class AbandonReason(models.TextChoices):
    CORRECTION_LAPSED = "correction_lapsed", _("逾期未补正")
    FEE_UNPAID = "fee_unpaid", _("逾期未缴费")
