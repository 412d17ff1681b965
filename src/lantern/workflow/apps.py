from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "lantern.workflow"
    verbose_name = "Workflow kernel"
