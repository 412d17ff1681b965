from tests.documents.fixtures import private_files  # noqa: F401
