"""Staff in the browser: a password for the test people and the staff login."""

PASSWORD = "pw-for-tests"


def with_password(*users) -> None:
    for user in users:
        user.set_password(PASSWORD)
        user.save()


def log_in(page, live_server, user, language: str = "zh-hans") -> None:
    """Log ``user`` in at the staff login, with the site in ``language``."""
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
