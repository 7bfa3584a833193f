"""Benchmark of a record's preparation (not part of the test suite).

    .venv/bin/python tests/bench/bench_records.py [--scan-pages 5] [--json]

Makes the test documents (``tests/records/documents.py``), then measures, through the
same modules the tasks worker runs (``records.conversion``, ``records.ocr``,
``records.thumbnails``):

* the time to convert each office type to PDF with LibreOffice (a fresh profile each run,
  as in production);
* the time to OCR a scan of ``--scan-pages`` A5 pages at 300 dpi, per page;
* the time to render a page picture at 180 and at 1000 px.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scan-pages", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    import img2pdf

    from records.conversion import to_pdf
    from records.ocr import page_text, recognise_text
    from records.thumbnails import render_page
    from requests.file_content import DOC, DOCX, ODS, ODT, XLS, XLSX
    from tests.records.intake_files import image_bytes, make_documents, scan_image

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ogi-bench-records-") as work:
        folder = Path(work)
        documents = make_documents(folder)
        for key, content_type in (("docx", DOCX), ("doc", DOC), ("xlsx", XLSX), ("xls", XLS),
                                  ("odt", ODT), ("ods", ODS)):
            source = folder / f"bench.{key}"
            source.write_bytes(documents[key])
            started = time.perf_counter()
            to_pdf(source, content_type, folder / f"bench-{key}.pdf", timeout=300)
            figures[f"convert_{key}_s"] = round(time.perf_counter() - started, 2)
        pages = [image_bytes(scan_image([f"第{n}页", "2025年第三季度水质监测报告"]), "PNG")
                 for n in range(1, options.scan_pages + 1)]
        scan = folder / "scan.pdf"
        scan.write_bytes(img2pdf.convert(pages))
        started = time.perf_counter()
        recognise_text(scan, folder / "scan-ocr.pdf", timeout=3600)
        elapsed = time.perf_counter() - started
        assert page_text(folder / "scan-ocr.pdf").textless == ()
        figures["ocr_per_page_s"] = round(elapsed / options.scan_pages, 2)
        for width in (180, 1000):
            started = time.perf_counter()
            for _ in range(10):
                render_page(folder / "bench-docx.pdf", 1, width)
            figures[f"picture_{width}px_ms"] = round((time.perf_counter() - started) * 100, 1)
    if options.json:
        print(json.dumps(figures))
    else:
        out = io.StringIO()
        for name, value in figures.items():
            print(f"{name:24} {value}", file=out)
        print(out.getvalue(), end="")


if __name__ == "__main__":
    main()
