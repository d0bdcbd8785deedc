import pytest
from django.test import Client

from .workflow_helpers import chief_user, editor_user, logged_in


@pytest.fixture
def editor(db):
    """A client logged in as a member of 编辑 (writers: no publishing, no recommending)."""
    return logged_in(Client, editor_user())


@pytest.fixture
def chief(db):
    """A client logged in as a member of 主编."""
    return logged_in(Client, chief_user())


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (pages, list indexes, 栏目 counts)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def production_build(tmp_path_factory):
    """Collected static files and a migrated demo database for servers in production mode."""
    from .servers import build

    return build(tmp_path_factory.mktemp("production"))


@pytest.fixture
def api(db):
    """An anonymous client whose every API response is checked against the OpenAPI document."""
    from .api_contract import ContractClient

    return ContractClient()
