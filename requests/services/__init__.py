"""Services: one legal act each, in one transaction, with its clock events and audit event.

Import the functions from here; the submodules group them by stage of the procedure.

Lock order
----------
Every act — here, in ``letters`` and in ``workflow`` — takes its row locks in this one
order, and never the other way round:

1. the organ's row (several organs: by primary key, as the confirmation of a year's
   calendar does);
2. the request's row;
3. the request's flow: its task, then its process (viewflow's own lock);
4. the rows of the act itself: the consultation, extension, fee notice or letter;
5. the gap-free sequences (registration number, document numbers), then the audit chain's
   head.

Why: every act appends to its organ's audit chain and most take a number from the organ's
sequences, so two acts of one organ wait for each other anyway, from their first write of
the chain or a sequence to their commit. If one of them had taken the sequence before the
organ and the other the organ before the sequence — the staff intake that registers at
once writes the chain on receiving the application, then takes the registration number;
a registration takes the number, then writes the chain — each waits for the other for
ever, and PostgreSQL breaks the deadlock by failing one. With the organ always first, the
second act simply waits for the first to commit; it loses no parallelism that the chain
did not already forbid. The organ is locked ``FOR NO KEY UPDATE``, so rows inserted with a
foreign key to it (requests, audit events, letters) do not wait for the lock.

``locks.act_locks(organ=..., request=...)`` takes steps 1 and 2 and is the first thing an
act does in its transaction: ``common.legal_act`` (so every act built on it),
``request_submit``, ``letters.services`` and the flow's steps call it. ``next_in_sequence``
and ``audit_record`` lock the organ again before their rows, which costs nothing when the
act holds it and keeps steps 1 and 5 in order when a new caller forgot. Outside the acts,
moving a task in the queues (claim, release, reassign) locks only its task and process
(step 3), and an applicant's online submission locks their account before the organ, to
count submissions; neither takes a lock out of this order.
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
from .particulars import request_correct_applicant_name
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
    "request_correct_applicant_name",
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
