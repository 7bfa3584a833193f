from django.urls import path

from . import (
    identity_views,
    queue_views,
    record_views,
    redaction_views,
    release_views,
    request_acts,
    review_views,
    task_views,
    views,
)

app_name = "workflow"
urlpatterns = [
    path("", queue_views.workbench_view, name="workbench"),
    path("next/", queue_views.next_task_view, name="next_task"),
    path("team/", queue_views.team_view, name="team"),
    path("archive/", queue_views.archive_batch_view, name="archive_batch"),
    path("requests/", views.request_list_view, name="requests"),
    path("requests/<uuid:public_id>/", views.request_detail_view, name="request"),
    path(
        "requests/<uuid:public_id>/extensions/<int:extension_id>/",
        request_acts.extension_decision_view, name="extension_decision",
    ),
    path(
        "requests/<uuid:public_id>/reply-preview.pdf", review_views.reply_preview_view,
        name="reply_preview",
    ),
    path(
        "requests/<uuid:public_id>/reply-preview/<int:page>.png",
        review_views.reply_preview_page_view, name="reply_preview_page",
    ),
    path("requests/<uuid:public_id>/trail.pdf", request_acts.audit_trail_view, name="audit_trail"),
    path("requests/<uuid:public_id>/withdraw/", request_acts.withdraw_view, name="withdraw"),
    path(
        "requests/<uuid:public_id>/applicant-name/", request_acts.applicant_name_view,
        name="applicant_name",
    ),
    path(
        "requests/<uuid:public_id>/identity/", identity_views.request_identity_view,
        name="request_identity",
    ),
    path(
        "requests/<uuid:public_id>/letters/<uuid:letter_id>/delivery/",
        request_acts.delivery_view, name="delivery",
    ),
    path(
        "requests/<uuid:public_id>/release/", release_views.release_package_view,
        name="release_package",
    ),
    path(
        "requests/<uuid:public_id>/release/<uuid:released_id>/", release_views.released_file_view,
        name="released_file",
    ),
    path("letters/<uuid:letter_id>/", request_acts.letter_download_view, name="letter"),
    path("tasks/<int:task_id>/", task_views.task_view, name="task"),
    path("tasks/<int:task_id>/act/<slug:key>/", task_views.side_act_view, name="side_act"),
    path(
        "tasks/<int:task_id>/items/<int:item_id>/records/", record_views.record_upload_view,
        name="record_upload",
    ),
    path(
        "tasks/<int:task_id>/records/<uuid:record_id>/remove/", record_views.record_remove_view,
        name="record_remove",
    ),
    path(
        "records/<uuid:record_id>/pages/<int:page>/<slug:size>.png",
        record_views.record_page_view, name="record_page",
    ),
    path(
        "records/<uuid:record_id>/original/", record_views.record_original_view,
        name="record_original",
    ),
    path(
        "tasks/<int:task_id>/records/<uuid:record_id>/redact/", redaction_views.redact_view,
        name="redact",
    ),
    path(
        "tasks/<int:task_id>/records/<uuid:record_id>/redact/<slug:action>/",
        redaction_views.redact_act_view, name="redact_act",
    ),
    path(
        "records/<uuid:record_id>/redacted/pages/<int:page>/<slug:size>.png",
        redaction_views.redacted_page_view, name="record_redacted_page",
    ),
    path(
        "records/<uuid:record_id>/redacted.pdf", redaction_views.redacted_file_view,
        name="record_redacted",
    ),
    path("tasks/<int:task_id>/claim/", views.task_claim_view, name="task_claim"),
    path("tasks/<int:task_id>/take/", queue_views.take_view, name="task_take"),
    path("tasks/<int:task_id>/draft/<slug:key>/", queue_views.draft_view, name="task_draft"),
    path("tasks/<int:task_id>/release/", views.task_release_view, name="task_release"),
    path("tasks/<int:task_id>/reassign/", views.task_reassign_view, name="task_reassign"),
]
