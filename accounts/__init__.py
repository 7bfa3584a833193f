"""Accounts and sessions of OGI Desk's people (GB/T 22239-2019 level 3 identification).

Who is staff (``staff``); the second factor staff give at login, TOTP with single-use
backup codes (``second_factor``, views in ``views``); how long a session lives
(``middleware``); login throttling beyond django-axes' pairs (``throttle``); and the rules
every login form applies (``forms``). The applicant portal uses the same pieces.
"""
