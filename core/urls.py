"""Wagtail's front-end URLs, with pages served through ``core.views.serve``."""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from core import views

# Wagtail's password and login views as they are; its serve pattern, with our serve view.
urlpatterns = [
    *[pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, views.serve, name="wagtail_serve"),
]
