from .fixtures import private_files  # noqa: F401
