from django.urls import path

from . import views

app_name = "requests"
urlpatterns = [
    path("<uuid:public_id>/", views.attachment_download, name="attachment_download"),
]
