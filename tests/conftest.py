import pytest


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
