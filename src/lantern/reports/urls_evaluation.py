"""The 360 evaluation of the evaluation table (issue 16)."""

urlpatterns: list = []
