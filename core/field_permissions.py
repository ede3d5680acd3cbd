"""Who may write which field: each language's column of a translated text belongs to those who
write that language (``core.translate_<code>``); everything all languages share (dates, images,
keys, links, which children a page has and their order) to those who may change shared fields
(``core.edit_shared_fields``). The page editor's panels (editorial.panels), the forms of
settings and register records (editorial.forms) and the page form's inline children
(core.page_forms) all ask here."""

from core import i18n, translation_state

SHARED_PERMISSION = "core.edit_shared_fields"


def language_of(model, field_name):
    """(base name, language) when ``field_name`` is a language's column of a text that
    core.translation_state tracks, else (None, None)."""
    base, _sep, code = field_name.rpartition("_")
    if code in i18n.language_codes() and base in translation_state.per_language_names(model):
        return base, code
    return None, None


def required_permission(model, field_name) -> str:
    """Who may change ``field_name`` of ``model``: those who write its language, or, for a
    field all languages share, those who may change shared fields."""
    _base, code = language_of(model, field_name)
    return f"core.translate_{code}" if code is not None else SHARED_PERMISSION
