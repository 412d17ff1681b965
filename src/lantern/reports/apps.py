"""Reporting (issue 16): the dashboards for whoever scrutinises the partnership, the annual
reports the law asks for (the SAB's, Care Act 2014 Sch. 2 para 4, and the children's
safeguarding partners' yearly report, WT2023), and the 360 evaluation of the framework's
evaluation table."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lantern.reports"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        for model in (models.AnnualReport, models.AnnualReportSection, models.ReportSending):
            track(model)
