from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "lantern.publications"
    verbose_name = "Publications and the public site"
