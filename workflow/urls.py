from django.urls import path

from . import views

app_name = "workflow"
urlpatterns = [
    path("", views.workbench_view, name="workbench"),
    path("requests/", views.request_list_view, name="requests"),
    path("requests/<uuid:public_id>/", views.request_detail_view, name="request"),
    path("tasks/<int:task_id>/claim/", views.task_claim_view, name="task_claim"),
    path("tasks/<int:task_id>/release/", views.task_release_view, name="task_release"),
    path("tasks/<int:task_id>/reassign/", views.task_reassign_view, name="task_reassign"),
]
