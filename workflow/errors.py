from requests.errors import RequestActError


class TaskError(RequestActError):
    """A queue action was refused (already claimed, not yours, not your role)."""
