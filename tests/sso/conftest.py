from tests.sso.provider.fixture import oidc_provider  # noqa: F401
