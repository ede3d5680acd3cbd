"""Clearly synthetic register records and testimony pages for the remembrance tests."""

from remembrance.models import NameRecord, Source


def make_source(citation="Synthetic test source, not a real publication", url=""):
    return Source.objects.create(citation=citation, url=url)


def make_record(publish=True, sources=(), **fields):
    values = {
        "name_az": "Test Person One",
        "name_ru": "Тест Персона Один",
        "name_en": "Test Person One",
        "status": "killed",
    }
    values.update(fields)
    record = NameRecord(live=False, **values)
    record.sources.set(list(sources))
    record.save()
    revision = record.save_revision()
    if publish:
        revision.publish()
        record.refresh_from_db()
    return record
