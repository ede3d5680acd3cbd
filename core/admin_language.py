"""The admin speaks one language throughout.

Wagtail's admin comes with its own catalogues; for a language it has none of (Azerbaijani, whose
``az_AZ`` catalogue holds two dozen of Wagtail's thousands of texts), an admin page would be in
the portal's words for the workbench and in English for everything else. So the admin offers
only the languages Wagtail speaks (``WAGTAILADMIN_PERMITTED_LANGUAGES``, computed in the
settings), and a request for the admin in another language is answered in the first of them
(English): Wagtail's own texts and the portal's alike. Readers' pages are not concerned.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def admin_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES]


class AdminLanguageMiddleware:
    """After Django's LocaleMiddleware: under the admin, a language the admin does not speak
    becomes the admin's first (what Wagtail then takes for a user without a preference)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("wagtailadmin_home")
        speaks = admin_languages()
        asked = translation.get_language()
        if not (speaks and request.path.startswith(self.prefix) and asked not in speaks):
            return self.get_response(request)
        translation.activate(speaks[0])
        request.LANGUAGE_CODE = speaks[0]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", speaks[0])
        # Back to the language asked for before LocaleMiddleware answers: its "not found, try
        # with a language prefix" redirect must not send an admin address to /en/admin/….
        translation.activate(asked)
        return response
