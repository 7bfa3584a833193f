"""Who a task is offered to: a role, in a department where the role belongs to one."""

from dataclasses import dataclass

from requests.choices import Role


@dataclass(frozen=True)
class Offer:
    role: str
    #: ``"request"``: the request's responsible department; ``"office"``: the OGI office;
    #: ``"publicity"``: the organ's publicity department (anyone holding the role in the
    #: organ where none is marked); ``None``: anyone holding the role in the organ.
    department: str | None = None
    #: Also offered to the OGI office's registrars when the office itself is responsible
    #: (an application not to be processed is answered by the office).
    office_registrars: bool = False


REGISTRAR = Offer(Role.REGISTRAR)
HANDLER = Offer(Role.HANDLER, "request", office_registrars=True)
OGI_HEAD = Offer(Role.OGI_HEAD)
SECRECY_REVIEWER = Offer(Role.SECRECY_REVIEWER)
SIGNING_LEADER = Offer(Role.SIGNING_LEADER)
PUBLICITY_HEAD = Offer(Role.DEPARTMENT_HEAD, "publicity")
LEGAL_REVIEWER = Offer(Role.LEGAL_REVIEWER)
DEPARTMENT_HEAD = Offer(Role.DEPARTMENT_HEAD, "request")
#: The registrars of the responsible department: the OGI office, when it answers itself.
OFFICE_REGISTRAR = Offer(Role.REGISTRAR, "request")
