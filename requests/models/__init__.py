"""Models of the request record, re-exported here."""

from .applicant import Applicant
from .attachment import Attachment
from .audit import AuditEvent, AuditHead
from .calendar import CalendarDay, CalendarYear
from .clock_event import ClockEvent
from .consultation import Consultation, CoordinationMeeting, CoordinationOpinion
from .directory import OtherOrgan
from .disclosure_request import DisclosureRequest, RequestItem
from .extension import Extension
from .fee import FeeNotice
from .organ import Department, Organ, StaffMembership
from .sequence import Sequence

__all__ = [
    "Applicant",
    "Attachment",
    "AuditEvent",
    "AuditHead",
    "CalendarDay",
    "CalendarYear",
    "ClockEvent",
    "Consultation",
    "CoordinationMeeting",
    "CoordinationOpinion",
    "Department",
    "DisclosureRequest",
    "Extension",
    "FeeNotice",
    "Organ",
    "OtherOrgan",
    "RequestItem",
    "Sequence",
    "StaffMembership",
]
