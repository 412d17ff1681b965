from tests.browser.conftest import axe, browser, page  # noqa: F401  (test_with_browser)
from tests.documents.fixtures import private_files  # noqa: F401
