"""Services: one legal act each, in one transaction, with its clock events and audit event.

Import the functions from here; the submodules group them by stage of the procedure.
"""

from .attachments import attachment_store
from .audit import (
    audit_chain_heads,
    audit_read_heads,
    audit_verify_against,
    audit_verify_chain,
    audit_verify_statuses,
)
from .calendar import calendar_confirm_year, calendar_import_notice
from .clock import (
    request_clock,
    request_refresh_clock,
    requests_refresh_clocks,
)
from .closing import (
    request_abandon,
    request_archive,
    request_grant_new_period,
    request_withdraw,
)
from .consultation import (
    request_close_consultation,
    request_flag_sensitive,
    request_hold_coordination_meeting,
    request_open_consultation,
    request_record_opinion,
)
from .delivery import request_record_consultation_receipt, request_record_fee_notice_receipt
from .extension import (
    request_ask_extension,
    request_grant_extension,
    request_refuse_extension,
    request_set_later_reply_date,
)
from .fees import request_issue_fee_notice, request_record_payment
from .intake import request_submit
from .registration import (
    request_ask_reasons,
    request_issue_correction_notice,
    request_receive_correction,
    request_register,
    request_triage,
)
from .reply import (
    request_draft_reply,
    request_pass_confidentiality_review,
    request_reply,
    request_reply_on_the_spot,
    request_return_from_review,
    request_return_from_sign_off,
    request_sign_off,
    request_submit_for_review,
)

__all__ = [
    "attachment_store",
    "audit_chain_heads",
    "audit_read_heads",
    "audit_verify_against",
    "audit_verify_chain",
    "audit_verify_statuses",
    "calendar_confirm_year",
    "calendar_import_notice",
    "request_abandon",
    "request_archive",
    "request_ask_extension",
    "request_ask_reasons",
    "request_clock",
    "request_close_consultation",
    "request_draft_reply",
    "request_flag_sensitive",
    "request_grant_extension",
    "request_grant_new_period",
    "request_hold_coordination_meeting",
    "request_issue_correction_notice",
    "request_issue_fee_notice",
    "request_open_consultation",
    "request_pass_confidentiality_review",
    "request_receive_correction",
    "request_record_opinion",
    "request_record_consultation_receipt",
    "request_record_fee_notice_receipt",
    "request_record_payment",
    "request_refresh_clock",
    "requests_refresh_clocks",
    "request_refuse_extension",
    "request_set_later_reply_date",
    "request_register",
    "request_reply",
    "request_reply_on_the_spot",
    "request_return_from_review",
    "request_return_from_sign_off",
    "request_sign_off",
    "request_submit",
    "request_submit_for_review",
    "request_triage",
    "request_withdraw",
]
