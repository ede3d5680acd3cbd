"""Exchange with professional translators: XLIFF 1.2 and gettext PO files out and in.

``segments`` splits every translatable text of an object into segments (a StreamField per
text-bearing block, rich text per paragraph, inline markup as placeholders); ``formats``
writes and reads the files with translate-toolkit; ``service`` exports a selection and plans,
checks and applies an import (a dry run first, then all or nothing per file)."""
