"""viewflow's process and task pages in the admin, kept to the organ of each request."""

from django.contrib import admin
from viewflow.workflow.admin import ProcessAdmin, TaskAdmin
from viewflow.workflow.models import Process, Task

from requests.admin_scope import OrganScopedAdmin

from .lifecycle import REQUEST_PATH

for model in (Process, Task):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Process)
class RequestProcessAdmin(OrganScopedAdmin, ProcessAdmin):
    organ_path = "requestprocess__request__organ"


@admin.register(Task)
class RequestTaskAdmin(OrganScopedAdmin, TaskAdmin):
    organ_path = f"{REQUEST_PATH}__organ"
