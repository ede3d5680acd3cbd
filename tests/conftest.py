import io

import pytest
from django.core.management import call_command
from django.utils import translation

LANGUAGES = ["az", "en", "ru"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrate, fill the translated Page columns the sync step leaves empty, load the demo site.

    The demo tree is built once per run; each test runs in a transaction that is rolled back.
    """
    with django_db_blocker.unblock():
        call_command("update_translation_fields", verbosity=0)
        call_command("load_demo_content", verbosity=0, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _database(db):
    """Every test may read the demo site; its changes are rolled back afterwards."""


@pytest.fixture(autouse=True)
def _default_language():
    with translation.override("az"):
        yield


@pytest.fixture
def home(db):
    from pages.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def memorial(db):
    from pages.models import MemorialArticlePage

    return MemorialArticlePage.objects.get()


@pytest.fixture
def about(db):
    from pages.models import StandardPage

    return StandardPage.objects.get(slug_en="about")


@pytest.fixture
def admin_client(db, client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The in-memory cache outlives each test's rolled-back transaction: empty it, so cached
    menus, settings and restricted paths never describe rows that were rolled back."""
    from django.core.cache import cache

    from ops.cache import forget_local_state

    cache.clear()
    forget_local_state()
    yield
    cache.clear()
    forget_local_state()
