"""The languages the bench measures: the portal's configured ones (portal.settings.base)."""

from portal.settings.base import LANGUAGES as _CONFIGURED

CODES = [code for code, _name in _CONFIGURED]
