"""The annual reports (issue 16)."""

urlpatterns: list = []
