"""What a request is: organs, applicants, disclosure requests, the legal status machine,
the statutory clock and the working-day calendar.

This package deliberately shares its name with a popular HTTP client; inside this
project ``import requests`` means this package, and no run-time dependency may need the
HTTP client (a test guards this).
"""
