"""The redaction engine (区分处理): PDF bytes in, PDF bytes out, no models.

The redaction screen, the service that applies a record's redactions and ``manage.py
redact`` all call these functions:

* ``suggest(pdf, names)`` finds what is usually withheld for third parties' rights — resident
  ID numbers, mobile and landline numbers, bank card numbers, e-mail addresses and the listed
  names of natural persons — on the text layer as PyMuPDF extracts it (text PDFs and OCR'd
  scans alike, across line breaks);
* ``apply_redactions(pdf, boxes)`` removes what lies under each box — text, the image
  pixels, the vector graphics — labels the box with its ground's short code, and drops what
  could still carry the removed text (metadata, annotations, form fields, attachments,
  JavaScript).
"""

from .apply import Box, apply_redactions
from .document import PYMUPDF_LOCK, RedactionError
from .suggest import Suggestion, suggest

__all__ = ["PYMUPDF_LOCK", "Box", "RedactionError", "Suggestion", "apply_redactions", "suggest"]
