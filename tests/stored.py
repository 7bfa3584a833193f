"""Everything the database holds, to prove an act refused stored nothing."""

from __future__ import annotations

from django.apps import apps

#: The apps whose rows a legal act writes: the record, letters, the flow and viewflow's own.
APPS = ("requests", "records", "letters", "workflow", "viewflow")


def everything_stored() -> dict[str, list[dict]]:
    """Every row of every model of ``APPS``, by model, in primary-key order."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for name in APPS
        for model in apps.get_app_config(name).get_models()
        if not model._meta.proxy
    }
