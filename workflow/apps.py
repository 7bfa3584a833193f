from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_take(user, task) -> bool:
    """``workflow.eligibility.may_take``, imported when first asked (the step declarations
    build forms, which must not be made while the apps are still getting ready)."""
    from .eligibility import may_take

    return may_take(user, task)


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        from . import drafts  # noqa: F401  (clears a finished task's drafts)

        # The flow assigns a returned case by who may take it, which the step declarations
        # say; they name the flow's nodes, so the flow is told rather than importing them.
        from .flows import DisclosureFlow

        DisclosureFlow.may_take = staticmethod(_may_take)
