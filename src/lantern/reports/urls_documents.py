"""The annual reports as documents: DOCX, tagged PDF and an accessible page (issue 16)."""

urlpatterns: list = []
