from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        # The flow assigns a returned case by who may take it, which the step declarations
        # say; they name the flow's nodes, so the flow is told rather than importing them.
        from .eligibility import may_take
        from .flows import DisclosureFlow

        DisclosureFlow.may_take = staticmethod(may_take)
