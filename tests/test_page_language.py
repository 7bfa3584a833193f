"""Every staff page speaks the page's language, whole: on an English page no Chinese word of
the interface remains, on a Chinese page no English one (Django's "- Select an option -",
"None", "Yes", month names, viewflow's or django-fsm's status names).

The demo (``seed_demo``: about forty requests in every status, every step open somewhere)
is walked as its people use it: each person's workbench and request list, every request
page, every task page (each offered task claimed through the queue and opened), the paper
intake pages, the supervision dashboard with every drill-down it links to and the annual
report, the staff login and second-factor pages, the applicant's portal and the error
pages; in English (the language cookie, as the site's switch sets it) and in Chinese.

What people typed or named is data, not interface, and stays as written in both languages:
the values of the fields listed in ``DATA_FIELDS`` (names of applicants, staff, organs and
departments, addresses, request texts, letter numbers and titles, the audit records and the
e-mails sent, which are in the organ's language) are removed before the visible text (tags,
scripts and styles stripped; titles, placeholders and the phone layout's ``data-label`` kept)
is searched.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from reports import annual
from requests.calendar import HOLIDAY_NAMES, IN_LIEU
from requests.choices import Channel, Status
from requests.demo import APPLICANT_LOGINS, STAFF, DemoError
from requests.identity import mask_document_number
from requests.models import Applicant, CalendarDay, DisclosureRequest
from requests.outcomes import GROUP_LABELS, REPORT_ROWS

#: The fields whose values are data (typed by a person, named by the organ, or a record
#: written in the organ's language), by model.
DATA_FIELDS = {
    "auth.User": ["username", "first_name", "last_name", "email"],
    "requests.Organ": [
        "name", "short_name", "code", "letter_number_prefix", "ogi_office_name", "address",
        "postcode", "phone", "email", "reconsideration_body", "court", "reply_copy_to",
    ],
    "requests.Department": ["name"],
    "requests.Applicant": [
        "name", "document_number", "contact_person", "legal_representative", "phone",
        "email", "postal_address", "postcode",
    ],
    "requests.Attachment": ["original_name"],
    # The history is the audit record: written once, in the organ's language.
    "requests.AuditEvent": ["actor_name", "comment"],
    "requests.CalendarYear": ["source"],
    "requests.ClockEvent": ["note"],
    "requests.Consultation": ["party_name", "party_contact", "subject", "opinion"],
    "requests.CoordinationMeeting": ["reason", "conclusion"],
    "requests.CoordinationOpinion": ["opinion"],
    "requests.OtherOrgan": ["name", "address", "phone", "website", "email", "note"],
    "requests.DisclosureRequest": [
        "public_id", "registration_number", "purpose", "special_needs", "sensitive_reason",
        "correction_points", "decision_text",
    ],
    "requests.RequestItem": ["description", "document_reference", "decision_text"],
    "requests.Extension": ["reason"],
    "letters.IssuedLetter": ["number", "title", "addressee", "issued_by_name", "delivery_reference"],
    "workflow.TaskLog": ["comment"],
    # The e-mails sent to staff, kept as sent.
    "workflow.Notification": ["message"],
    "reports.RemedyCase": ["case_number", "body", "notes"],
    # The records found: their titles and file names as the handler gave them.
    "records.Record": ["title", "original_name", "redacted_sha256"],
    "records.Redaction": ["note"],
    "records.ReleasedFile": ["name", "sha256"],
}

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: On an English page: Chinese characters, and Chinese punctuation (，（）：。、「」《》).
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")
#: Latin words a Chinese page may show: abbreviations read as they are, the switch to
#: English (written in English on purpose), and file formats.
ALLOWED_LATIN = {
    "OGI", "Desk", "PDF", "SM3", "SHA-256", "ID", "URL", "TOTP", "QR", "English", "CSV",
    "XLSX", "JSON", "JPEG", "PNG", "TIFF", "DOCX", "P90", "DOC", "XLS", "WPS", "ET", "ODT",
    "ODS", "OCR", "KB", "MB", "GB", "SHA",
    # Authenticator apps, by their names.
    "FreeOTP", "Microsoft", "Google", "Authenticator",
}
#: Characters a Chinese page may show in an English one: the switch back to Chinese.
ALLOWED_CJK = ("中文",)
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-label")
SKIPPED = {"script", "style", "template", "noscript"}
LANGUAGES = {"en": "en", "zh": "zh-hans"}


class VisibleText(HTMLParser):
    """The text a person sees (or hears, with a screen reader) on a page: ``parts`` in
    the page's language, ``quoted`` inside an element marked as Chinese (``lang="zh-CN"``)
    on a page in another language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.quoted: list[str] = []
        self.skipping = 0
        self.open_tags: list[tuple[str, bool]] = []  # (tag, whether it opened a quote)

    def _add(self, text: str) -> None:
        quoted = any(opened for _tag, opened in self.open_tags)
        (self.quoted if quoted else self.parts).append(text)

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
            return
        values = dict(attrs)
        if tag not in VOID:
            self.open_tags.append((tag, (values.get("lang") or "").startswith("zh")))
        for name in VISIBLE_ATTRIBUTES:
            if values.get(name):
                self._add(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self._add(values["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1
        for index in range(len(self.open_tags) - 1, -1, -1):
            if self.open_tags[index][0] == tag:
                del self.open_tags[index:]
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self._add(data.strip())

    @classmethod
    def of(cls, html: str) -> VisibleText:
        parser = cls()
        parser.feed(html)
        return parser


def statutory_labels() -> set[str]:
    """The labels of the annual report's tables 三 and 四: the statutory form's wording,
    quoted verbatim in Chinese on every page (marked ``lang="zh-CN"``)."""
    labels = {row.label for row in REPORT_ROWS} | set(GROUP_LABELS.values())
    for value in vars(annual).values():
        if isinstance(value, str):
            labels.add(value)
        elif isinstance(value, dict):
            labels.update(v for v in value.values() if isinstance(v, str))
        elif isinstance(value, tuple):
            labels.update(v for pair in value if isinstance(pair, tuple) for v in pair)
    return {label for label in labels if CJK.search(label)}


def one_off_holidays() -> set[str]:
    """Holiday names the calendar shows as its notice wrote them (a commemoration); the
    public holidays are named in the page's language."""
    names = set(CalendarDay.objects.exclude(name="").values_list("name", flat=True))
    return {name for name in names if name.removesuffix(IN_LIEU) not in HOLIDAY_NAMES}


def data_values() -> list[str]:
    """Every value of ``DATA_FIELDS``, longest first (so a name inside an address goes
    with the address), with the staff's names as pages write them (family name first)
    and identity numbers as they are shown (masked). Single characters are left out: a
    family name alone (方) would hide a word of the interface (第三方)."""
    values: set[str] = set()
    for label, names in DATA_FIELDS.items():
        for row in apps.get_model(label).objects.values_list(*names):
            for value in row:
                for line in str(value or "").splitlines():
                    values.add(line.strip())
    for first, last in get_user_model().objects.values_list("first_name", "last_name"):
        values.add(f"{last}{first}")
    for number in Applicant.objects.values_list("document_number", flat=True):
        values.add(mask_document_number(number))
    # A released file is shown by the first 12 hex digits of its SHA-256.
    for digest in apps.get_model("records.ReleasedFile").objects.values_list("sha256", flat=True):
        values.add(digest[:12])
    values |= one_off_holidays()
    return sorted((v for v in values if len(v) > 1), key=len, reverse=True)


def without_data(text: str, values: list[str]) -> str:
    # A long text shown cut short (…) is still the data it was cut from, spaces and all
    # (first, before a name inside it is taken out and leaves the rest unrecognisable).
    text = re.sub(r"[^\n…]*…", lambda m: _without_cut_data(m.group(0)[:-1], values), text)
    for value in values:
        if value in text:
            text = text.replace(value, " ")
    return text


def _without_cut_data(before: str, values: list[str]) -> str:
    """``before`` (the text of a line up to a …) less the longest tail of it that begins
    some data value."""
    words = before.split(" ")
    for start in range(len(words)):
        tail = " ".join(words[start:]).strip()
        if tail and _cut_from(tail, values):
            return " ".join(words[:start]) + " "
    return before + "…"


def _cut_from(prefix: str, values: list[str]) -> bool:
    return any(value.startswith(prefix) for value in values if len(value) > len(prefix))


def snippets(text: str, pattern: re.Pattern, allowed=()) -> list[str]:
    """The lines of ``text`` where ``pattern`` finds something not allowed, each once."""
    found = []
    for line in text.splitlines():
        hits = [m.group(0) for m in pattern.finditer(line) if m.group(0) not in allowed]
        if hits and line not in found:
            found.append(line)
    return found


def chinese_left(text: str) -> list[str]:
    for word in ALLOWED_CJK:
        text = text.replace(word, " ")
    return snippets(text, CHINESE)


def english_left(text: str) -> list[str]:
    return snippets(text, LATIN_WORD, ALLOWED_LATIN)


@dataclass
class Walk:
    """The pages seen, and what each showed that is not in the page's language."""

    language: str
    values: list[str]
    statutory: list[str]
    seen: set[str] = field(default_factory=set)
    kinds: set = field(default_factory=set)
    leaks: dict[str, list[str]] = field(default_factory=dict)
    pages: int = 0

    def first(self, key) -> bool:
        """Whether ``key`` (a kind of page) comes for the first time in this walk."""
        if key in self.kinds:
            return False
        self.kinds.add(key)
        return True

    def check(self, label: str, response) -> str:
        assert response.status_code in (200, 400, 403, 404, 500), (label, response.status_code)
        html = response.content.decode()
        seen = VisibleText.of(html)
        text = without_data("\n".join(seen.parts), self.values)
        if self.language == "en":
            # What is marked as Chinese may only be the statutory form's wording, or data.
            quoted = without_data("\n".join(seen.quoted), self.statutory + self.values)
            found = chinese_left(text) + chinese_left(quoted)
        else:
            found = english_left("\n".join([text, without_data("\n".join(seen.quoted),
                                                                  self.values)]))
        if found:
            self.leaks[label] = found
        self.pages += 1
        return html

    def report(self) -> str:
        lines = [f"{len(self.leaks)} of {self.pages} pages are not wholly in {self.language}:"]
        for label, found in self.leaks.items():
            lines.append(f"  {label}")
            lines.extend(f"      | {line[:160]}" for line in found[:12])
            if len(found) > 12:
                lines.append(f"      | … and {len(found) - 12} more lines")
        return "\n".join(lines)


TASK_LINK = re.compile(r'href="(/workbench/tasks/(\d+)/)"')
SIDE_ACT_FORM = re.compile(r'action="(/workbench/tasks/\d+/act/[\w-]+/)"')
#: The request page's own acts, sent empty: each refused with its message (the identity
#: view is left out: it shows the full number and audits the look).
REQUEST_ACT_FORM = re.compile(
    r'action="(/workbench/requests/[0-9a-f-]{36}/(?:withdraw|applicant-name|extensions/\d+'
    r'|letters/[0-9a-f-]{36}/delivery)/)"'
)
CLAIM_FORM = re.compile(r'action="(/workbench/tasks/(\d+)/claim/)"')
REQUEST_LINK = re.compile(r'href="(/workbench/requests/[0-9a-f-]{36}/)"')
SUPERVISION_LINK = re.compile(r'href="(/supervision/(?:requests/|annual/)[^"]*)"')
#: The applicant's own pages of a request: the request, and its correction and withdrawal.
PORTAL_REQUEST_LINK = re.compile(
    r'href="(/portal/requests/[0-9a-f-]{36}/(?:correction/|withdraw/|submitted/)?)"'
)


HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def sent_empty(html: str) -> dict[str, str]:
    """A form sent with nothing filled in: only its hidden fields (a formset's counts)."""
    return {name: value for name, value in HIDDEN_INPUT.findall(html)
            if name != "csrfmiddlewaretoken"}


class DemoPages(TestCase):
    """The demo organ's pages as its people see them."""

    @classmethod
    def setUpTestData(cls):
        try:
            with override_settings(DEBUG=True):  # as scripts/run makes the demo
                call_command("seed_demo", stdout=StringIO())
        except DemoError as error:  # pragma: no cover - says which act of the demo failed
            raise AssertionError(str(error)) from error
        cls.values = data_values()
        cls.statutory = sorted(statutory_labels(), key=len, reverse=True)
        cls.users = {s.username: get_user_model().objects.get(username=s.username) for s in STAFF}

    def client_for(self, language: str, username: str | None = None) -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = LANGUAGES[language]
        if username:
            client.force_login(self.users[username])
        return client

    def walk(self, language: str) -> Walk:
        walk = Walk(language, self.values, self.statutory)
        self.walk_workbenches(walk)
        self.walk_request_pages(walk)
        self.walk_intake(walk)
        self.walk_supervision(walk)
        self.walk_accounts(walk)
        self.walk_portal(walk)
        self.walk_errors(walk)
        return walk

    def walk_workbenches(self, walk: Walk) -> None:
        """Each person's workbench and request list; every task offered to them claimed
        from its request's page (the message that says so shown), and every task they
        then hold opened and sent back empty; each kind of side act sent empty once."""
        claimed: set[str] = set()
        for username in self.users:
            if username == "admin":
                continue
            client = self.client_for(walk.language, username)
            page = client.get(reverse("workflow:workbench"), follow=True)
            html = walk.check(f"workbench · {username}", page)
            walk.check(f"request list · {username}", client.get(reverse("workflow:requests")))
            for request_page in sorted(set(REQUEST_LINK.findall(html))):
                for claim, task_id in CLAIM_FORM.findall(client.get(request_page).content.decode()):
                    if task_id not in claimed:
                        claimed.add(task_id)
                        walk.check(f"task {task_id} claimed · {username}",
                                   client.post(claim, follow=True))
            html = client.get(reverse("workflow:workbench")).content.decode()
            for link, task_id in sorted(set(TASK_LINK.findall(html))):
                if task_id in walk.seen:
                    continue
                walk.seen.add(task_id)
                html = walk.check(f"task {task_id} · {username}", client.get(link))
                refused = client.post(link, sent_empty(html))
                walk.check(f"task {task_id} sent empty · {username}", refused)
                for act in sorted(set(SIDE_ACT_FORM.findall(html))):
                    # Each side act's refusal once: the task page it shows again is seen.
                    if walk.first(("side act", act.split("/")[-2])):
                        walk.check(f"{act} sent empty · {username}",
                                   client.post(act, sent_empty(html), follow=True))

    def walk_request_pages(self, walk: Walk) -> None:
        """Every request's page as the OGI office's head and registrar, and as the head and
        handler of a department, each with only the actions they may take; each kind of
        action sent empty once by each of them."""
        for username in ("ogi_head", "registrar", "department_head", "handler"):
            client = self.client_for(walk.language, username)
            for request in DisclosureRequest.objects.order_by("pk"):
                url = reverse("workflow:request", args=[request.public_id])
                label = f"request {request.registration_number or request.pk} · {username}"
                html = walk.check(label, client.get(url))
                for act in sorted(set(REQUEST_ACT_FORM.findall(html))):
                    # Each act's refusal once for each person: the page it goes back to is
                    # the request's, seen already.
                    kind = re.sub(r"[0-9a-f-]{36}|\d+", "", act)
                    if walk.first(("request act", username, kind)):
                        walk.check(f"{label} · {act.split('/')[-2]} sent empty",
                                   client.post(act, sent_empty(html), follow=True))
        filtered = self.client_for(walk.language, "ogi_head")
        for status in Status.values:
            walk.check(f"request list · {status}",
                       filtered.get(reverse("workflow:requests"), {"status": status}))

    def walk_intake(self, walk: Walk) -> None:
        client = self.client_for(walk.language, "registrar")
        html = walk.check("intake", client.get(reverse("intake:new")))
        walk.check("intake sent empty", client.post(reverse("intake:new"), sent_empty(html)))
        for request in DisclosureRequest.objects.exclude(channel=Channel.ONLINE).order_by("pk")[:3]:
            walk.check(f"intake done · {request.registration_number}",
                       client.get(reverse("intake:done", args=[request.public_id])))
        in_person = DisclosureRequest.objects.filter(
            channel=Channel.IN_PERSON, status__in=[Status.RECEIVED, Status.REGISTERED]
        ).first()
        if in_person:
            walk.check("on the spot", client.get(
                reverse("intake:on_the_spot", args=[in_person.public_id])))

    def walk_supervision(self, walk: Walk) -> None:
        """The dashboard, every drill-down it links to, and the annual report."""
        client = self.client_for(walk.language, "supervisor")
        html = walk.check("dashboard", client.get(reverse("reports:dashboard")))
        walk.check("annual report", client.get(reverse("reports:annual")))
        for link in sorted(set(SUPERVISION_LINK.findall(html))):
            walk.check(f"drill-down {link}", client.get(link.replace("&amp;", "&")))

    def walk_accounts(self, walk: Walk) -> None:
        anonymous = self.client_for(walk.language)
        walk.check("staff login", anonymous.get(reverse("login")))
        walk.check("staff login refused", anonymous.post(
            reverse("login"), {"username": "registrar", "password": "wrong"}))
        admin = self.client_for(walk.language, "admin")
        walk.check("second factors of staff", admin.get(reverse("accounts:staff")))
        with override_settings(OGI_STAFF_SECOND_FACTOR=True):
            user = self.users["handler"]
            user.set_password("Putian-Eco-Bureau-2026")
            user.save()
            client = self.client_for(walk.language)
            response = client.post(
                reverse("login"), {"username": "handler", "password": "Putian-Eco-Bureau-2026"})
            page = client.get(response["Location"])
            # The secret to type in is the person's own, not a word.
            secret = base64.b32encode(TOTPDevice.objects.get(user=user).bin_key).decode()
            walk.values.insert(0, " ".join(re.findall(".{1,4}", secret.rstrip("="))))
            walk.check("second factor set-up", page)
            walk.check("second factor set-up, wrong code",
                       client.post(response["Location"], {"code": "000000"}))

    def walk_portal(self, walk: Walk) -> None:
        """The applicants' side: the landing page, the portal's login, sign-up and password
        pages (each also sent empty), and as the demo applicant, the list of their requests,
        every request's page with its correction and withdrawal pages (sent empty), and the
        application form (sent empty)."""
        anonymous = self.client_for(walk.language)
        walk.check("landing", anonymous.get(reverse("landing")))
        for name in ("portal:login", "portal:signup", "portal:signup_resend",
                     "portal:password_reset"):
            html = walk.check(name, anonymous.get(reverse(name)))
            walk.check(f"{name} sent empty", anonymous.post(reverse(name), sent_empty(html)))
        applicant = self.client_for(walk.language)
        applicant.force_login(get_user_model().objects.get(email=APPLICANT_LOGINS[0].email))
        html = walk.check("portal home", applicant.get(reverse("portal:home")))
        pages = set(PORTAL_REQUEST_LINK.findall(html))
        for link in sorted(pages):
            pages |= set(PORTAL_REQUEST_LINK.findall(applicant.get(link).content.decode()))
        for link in sorted(pages):
            html = walk.check(f"portal {link}", applicant.get(link))
            if link.endswith(("correction/", "withdraw/")):
                walk.check(f"portal {link} sent empty", applicant.post(link, sent_empty(html)))
        html = walk.check("portal application form", applicant.get(reverse("portal:submit")))
        walk.check("portal application form sent empty",
                   applicant.post(reverse("portal:submit"), sent_empty(html)))

    def walk_errors(self, walk: Walk) -> None:
        client = self.client_for(walk.language, "handler")
        walk.check("404", client.get("/workbench/requests/00000000-0000-0000-0000-000000000000/"))
        walk.check("403", client.get(reverse("reports:dashboard")))
        walk.check("403 · applicant's page",
                   self.client_for(walk.language, "registrar").get(reverse("portal:home")))
        applicant = self.client_for(walk.language)
        applicant.force_login(get_user_model().objects.get(email=APPLICANT_LOGINS[0].email))
        walk.check("403 · an applicant on the workbench",
                   applicant.get(reverse("workflow:workbench"), follow=True))
        with override_settings(ROOT_URLCONF="tests.error_urls"):
            failing = self.client_for(walk.language, "handler")
            failing.raise_request_exception = False
            for status in (400, 500):
                response = failing.get(f"/test-errors/{status}/")
                self.assertEqual(response.status_code, status)
                walk.check(str(status), response)

    def assert_every_step_seen(self, walk: Walk) -> None:
        """Every kind of step open in the demo had its task page opened."""
        open_steps = {t.flow_task.name for t in Task.objects.filter(
            flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED])}
        seen = {t.flow_task.name for t in Task.objects.filter(pk__in=walk.seen)}
        self.assertEqual(open_steps - seen, set())
        self.assertGreaterEqual(len(seen), 8)

    def test_english_pages_have_no_chinese_words_of_the_interface(self):
        walk = self.walk("en")
        self.assert_every_step_seen(walk)
        self.assertGreater(walk.pages, 200)
        if walk.leaks:
            self.fail("\n" + walk.report())

    def test_chinese_pages_have_no_english_words_of_the_interface(self):
        walk = self.walk("zh")
        self.assert_every_step_seen(walk)
        self.assertGreater(walk.pages, 200)
        if walk.leaks:
            self.fail("\n" + walk.report())
