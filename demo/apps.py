from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site: `make run` loads it with `load_demo_content`; tests and `make bench` build
    their pages with the same builders. Nothing in the portal's own apps imports it."""

    name = "demo"
    verbose_name = "Demo content"
