"""Fill the translation memory (translations.memory) from the content as it stands: every text
translated and up to date with its source (not a copy of the source, not a machine's
unreviewed suggestion), of every page (the version editors work on and the live one),
setting, snippet and register record. Safe to run again: an entry is kept once per object,
text, language and source."""

from django.core.management.base import BaseCommand

from translations import memory
from translations import state as translation_state


def remember_translated(instance) -> int:
    """Keep the translated texts of ``instance`` in the memory; returns how many."""
    by_key = {text.key: text for text in translation_state.texts(instance)}
    pairs = [(by_key[item.key], item.language) for item in translation_state.states(instance)
             if item.state == translation_state.TRANSLATED and not item.machine
             and item.key in by_key]
    return memory.remember(instance, pairs)


class Command(BaseCommand):
    help = "Fill the translation memory from every tracked object's translated texts."

    def handle(self, *args, **options):
        objects = entries = 0
        for instance in translation_state.tracked_objects():
            draft = translation_state.editable_version(instance)
            for version in {id(instance): instance, id(draft): draft}.values():
                entries += remember_translated(version)
            objects += 1
        self.stdout.write(f"Translation memory: {entries} entries from {objects} objects.")
