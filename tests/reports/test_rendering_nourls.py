"""An empty URLconf: the section editor does not exist (test_rendering)."""

urlpatterns: list = []
