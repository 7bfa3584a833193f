"""Benchmark of the letters renderer (not part of the test suite).

    .venv/bin/python tests/bench/bench_letters.py [--renders 200] [--json]

Builds its own throw-away SQLite database, then measures:

* the median time to produce a one-page reply (context, HTML and PDF: what issuing costs
  apart from storing the file), and of a typical two-page reply;
* the median time of the audit-trail report of a request with 300 audit events;
* the resident memory (RSS) over consecutive renders: after the first, the 20th and the
  last, and the peak — it should stay flat after the first 20.

Targets (issue #3): one-page letter ≤ 250 ms median; RSS flat after the first 20 renders.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISSUED_ON = datetime.date(2026, 3, 10)


def _django(workdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        resident = int(handle.read().split()[1])
    return resident * os.sysconf("SC_PAGE_SIZE") / 2**20


def timed(call, times: int) -> list[float]:
    durations = []
    for _ in range(times):
        start = time.perf_counter()
        call()
        durations.append(time.perf_counter() - start)
    return durations


def build_replies():
    """A short reply (one page) and a typical one (two pages), both signed off."""
    from requests.choices import Channel, Status
    from requests.outcomes import Outcome
    from requests.services import request_draft_reply
    from requests.services.reply import ItemDecision
    from tests.factories import OrganFactory, at, submit
    from tests.letters.helpers import make_people
    from tests.requests import machine as m

    organ = OrganFactory(address="", email="", phone="")  # a one-line contact paragraph
    people = make_people(organ)
    short = submit(organ, on=m.SUBMITTED_ON, items=["2025年环境质量公报"],
                   channel=Channel.IN_PERSON, entered_by=people.registrar)
    m.register(short, people)
    m.triage(short, people)
    request_draft_reply(request=short, acting_user=people.handler, decisions=[
        ItemDecision(1, Outcome.NOT_HELD, "")], at=at(m.DRAFTED_ON))
    m.submit_for_review(short, people)
    m.pass_review(short, people)
    m.sign_off(short, people)
    typical = m.build(Status.SIGN_OFF, organ, people)
    m.sign_off(typical, people)
    return organ, people, short, typical


def build_long_history(organ, people, events: int = 300):
    """A request with ``events`` audit events: drafted and returned from review again and
    again (three events a round)."""
    from requests.choices import Status
    from requests.services import request_return_from_review, request_submit_for_review
    from tests.factories import at
    from tests.requests import machine as m

    long = m.build(Status.PROCESSING, organ, people)
    round_ = 0
    while long.audit_events.count() < events:
        when = at("2026-03-06", 9) + datetime.timedelta(minutes=round_)
        m.draft(long, people, when)
        request_submit_for_review(request=long, acting_user=people.handler, at=when)
        request_return_from_review(request=long, acting_user=people.reviewer,
                                   reason=f"第{round_ + 1}次审查：请补充说明", at=when)
        round_ += 1
    return long


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=200, help="renders for the RSS run")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--keep", type=Path, help="write the measured PDFs to this directory")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ogi-bench-") as tmp:
        _django(Path(tmp))
        from django.db import transaction
        from pypdf import PdfReader

        from letters.audit_trail import audit_trail_pdf
        from letters.kinds import LetterKind
        from letters.services import _words_and_pdf

        with transaction.atomic():
            organ, people, short, typical = build_replies()
            long = build_long_history(organ, people)

        def reply(request):
            def call():
                _letter, pdf = _words_and_pdf(
                    request=request, kind=LetterKind.REPLY, number="莆环信公开〔2026〕12号",
                    issued_on=ISSUED_ON, subject=None, replaces=None, preview=False)
                return pdf
            return call

        # Memory first, from the process's first render on.
        rss = [rss_mib()]
        for _ in range(args.renders):
            reply(typical)()
            rss.append(rss_mib())

        one_page = reply(short)()
        two_pages = reply(typical)()
        trail = audit_trail_pdf(long)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / "one-page-reply.pdf").write_bytes(one_page.data)
            (args.keep / "two-page-reply.pdf").write_bytes(two_pages.data)
            (args.keep / "audit-trail-300.pdf").write_bytes(trail)
        results = {
            "one_page_reply_pages": one_page.page_count,
            "one_page_reply_median_ms": 1000 * statistics.median(timed(reply(short), 30)),
            "two_page_reply_pages": two_pages.page_count,
            "two_page_reply_median_ms": 1000 * statistics.median(timed(reply(typical), 30)),
            "audit_trail_events": long.audit_events.count(),
            "audit_trail_pages": len(PdfReader(io.BytesIO(trail)).pages),
            "audit_trail_median_ms": 1000 * statistics.median(
                timed(lambda: audit_trail_pdf(long), 5)),
        }
        results.update(
            renders=args.renders,
            rss_before_first_mib=rss[0],
            rss_after_first_mib=rss[1],
            rss_after_20_mib=rss[min(20, len(rss) - 1)],
            rss_after_last_mib=rss[-1],
            rss_peak_mib=max(rss),
            rss_growth_after_20_mib=rss[-1] - rss[min(20, len(rss) - 1)],
        )
    results = {k: round(v, 1) if isinstance(v, float) else v for k, v in results.items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"one-page reply ({results['one_page_reply_pages']} p.): "
          f"median {results['one_page_reply_median_ms']} ms (target ≤ 250 ms)")
    print(f"two-page reply ({results['two_page_reply_pages']} p.): "
          f"median {results['two_page_reply_median_ms']} ms")
    print(f"audit trail, {results['audit_trail_events']} events "
          f"({results['audit_trail_pages']} p.): median {results['audit_trail_median_ms']} ms")
    print(f"RSS over {results['renders']} renders: before {results['rss_before_first_mib']} MiB, "
          f"after 1st {results['rss_after_first_mib']} MiB,"
          f" after 20th {results['rss_after_20_mib']} MiB, after last "
          f"{results['rss_after_last_mib']} MiB, peak {results['rss_peak_mib']} MiB "
          f"(growth after the 20th: {results['rss_growth_after_20_mib']} MiB)")


if __name__ == "__main__":
    main()
