"""Adding a language is configuration (docs/translation.md, "Adding a language").

On a copy of the project's tracked files: Turkish is one line added to LANGUAGES, a catalogue
in locale/tr/, makemigrations (which must write the new columns), migrate on a fresh SQLite
database and the demo content. Then, in the copy's own process: every public page answers at
/tr/… with the notice that its text is shown in another language, its hreflang alternates name
four languages, the translation report and the export for translators offer Turkish, and the
"Translators: Türkçe" group holds the permission to write Turkish.
"""

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
TURKISH_LINE = '    ("tr", _("Turkish")),\n'
# What a Turkish reader sees when a text is shown in Azerbaijani (core.i18n.fallback_notice).
NOTICE = "Bu metin henüz dilinize çevrilmedi; Azerbaycan Türkçesiyle gösteriliyor."
CATALOGUE = f'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: tr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "This text has not yet been translated into your language; it is shown in Azerbaijani."
msgstr "{NOTICE}"

msgid "Search"
msgstr "Ara"

msgid "Skip to content"
msgstr "İçeriğe geç"
'''

# The steps of docs/translation.md after the settings line and the catalogue, in one process of
# the copy (manage.py shell -c; a process each would add half a minute of start-ups).
STEPS = r'''
import importlib, io
from django.core.management import call_command

made = io.StringIO()
call_command("makemigrations", interactive=False, stdout=made)
importlib.invalidate_caches()  # the new migration files, written a moment ago
call_command("migrate", interactive=False, verbosity=0)
call_command("update_translation_fields", verbosity=0)
call_command("load_demo_content", stdout=io.StringIO())
'''

# Then, in the same process: prints one JSON object with what was found.
CHECK = r'''
import json, re
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from translations.field_permissions import language_permission

found = {"makemigrations": made.getvalue(), "pages": 0, "failures": []}
client = Client()
for page in Page.objects.live().public().filter(depth__gt=1).specific():
    with translation.override("tr"):
        url = page.get_url()
    found["pages"] += 1
    if not url or not url.startswith("/tr/"):
        found["failures"].append(f"{page.pk} {page.title}: address {url!r}")
        continue
    response = client.get(url)
    body = response.content.decode()
    languages = sorted({code for code in re.findall(r'hreflang="([^"]+)"', body)
                        if code != "x-default"})
    problems = []
    if response.status_code != 200:
        problems.append(f"status {response.status_code}")
    if NOTICE not in body:
        problems.append("no fallback notice")
    if languages != ["az", "en", "ru", "tr"]:
        problems.append(f"hreflang {languages}")
    if problems:
        found["failures"].append(f"{url}: " + ", ".join(problems))

admin = get_user_model().objects.create_superuser("fourth", "fourth@example.org", "x")
client.force_login(admin)
report = client.get(reverse("translation_status"), {"language": "tr"})
found["report"] = [report.status_code, 'value="tr"' in report.content.decode(),
                   "Türkçe" in report.content.decode()]
export = client.get(reverse("translation_export"))
found["export_offers"] = [export.status_code, 'value="tr"' in export.content.decode()]
download = client.get(reverse("translation_export"),
                      {"download": "1", "language": "tr", "format": "po", "scope": "site"})
text = download.content.decode()
found["export"] = [download.status_code, "Language: tr" in text, text.count("msgid ")]

# A register record, a routable view below the register page, with texts in three languages.
from remembrance.models import NameRecord
record = NameRecord(live=False, status="killed", name_az="Sınaq Şəxs", name_en="Test Person",
                    name_ru="Тестовая Персона", place_az="Xocalı", place_en="Khojaly",
                    place_ru="Ходжалы")
record.save()
record.save_revision().publish()
record.refresh_from_db()
with translation.override("tr"):
    url = record.get_url()
client.logout()
response = client.get(url)
body = response.content.decode()
found["record"] = [response.status_code, NOTICE in body,
                   sorted({code for code in re.findall(r'hreflang="([^"]+)"', body)
                           if code != "x-default"})]

group = Group.objects.filter(name="Translators: Türkçe").first()
found["group"] = None if group is None else sorted(
    f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all())
if group is not None:  # what a Turkish translator's form of the record offers
    from wagtail.admin.admin_url_finder import AdminURLFinder

    translator = get_user_model().objects.create_user("turkish", "turkish@example.org", "x")
    translator.groups.add(group)
    client.force_login(translator)
    form = client.get(AdminURLFinder(admin).get_edit_url(record)).content.decode()
    found["record_form"] = sorted(set(re.findall(r'name="(\w+_tr)"', form)))
found["permission"] = language_permission("tr")
print("RESULT " + json.dumps(found))
'''


def run(copy, *args, timeout=150):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test",
           "DATABASE_URL": f"sqlite:///{copy / 'db.sqlite3'}", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=copy, env=env,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"manage.py {' '.join(args[:1])}:\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def turkish(tmp_path_factory):
    return add_turkish(tmp_path_factory.mktemp("fourth-language") / "portal")


def add_turkish(copy):
    """The copy with Turkish added, migrated, with the demo content; the check's findings."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():  # a file deleted in the work tree stays out
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)

    settings = copy / "portal" / "settings" / "base.py"
    before = settings.read_text()
    start = before.index("\nLANGUAGES = [\n")
    end = before.index("\n]\n", start) + 1
    after = before[:end] + TURKISH_LINE + before[end:]
    settings.write_text(after)
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                      lineterm="", n=0)
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["+" + TURKISH_LINE.rstrip("\n")]

    catalogue = copy / "locale" / "tr" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(CATALOGUE)
    run(copy, "compilemessages", "--locale", "tr")

    output = run(copy, "shell", "-c", f"{STEPS}\nNOTICE = {NOTICE!r}\n{CHECK}", timeout=600)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def test_makemigrations_writes_the_turkish_columns_in_the_project(turkish):
    made = turkish["makemigrations"]
    added = re.findall(r"\+ Add field (\w+) to ", made)
    assert len(added) > 20
    assert all(name.endswith("_tr") for name in added), added
    # Wagtail's own Page columns are added by modeltranslation's sync, not by a migration
    # written into the installed package.
    assert "site-packages" not in made


def test_every_page_answers_in_turkish_with_the_fallback_notice_and_four_hreflangs(turkish):
    assert turkish["pages"] > 10
    assert turkish["failures"] == []


def test_the_report_and_the_export_offer_turkish(turkish):
    assert turkish["report"] == [200, True, True]
    assert turkish["export_offers"] == [200, True]
    status, language, entries = turkish["export"]
    assert (status, language) == (200, True) and entries > 10


def test_a_register_record_answers_in_turkish(turkish):
    status, _notice, languages = turkish["record"]
    assert (status, languages) == (200, ["az", "en", "ru", "tr"])


def test_a_register_record_in_turkish_has_the_notice_and_a_turkish_translator_can_write_it(
        turkish):
    _status, notice, _languages = turkish["record"]
    assert notice
    assert "name_tr" in turkish.get("record_form", [])


def test_a_group_of_turkish_translators_holds_the_permission_to_write_turkish(turkish):
    assert turkish["group"] is not None
    assert turkish["permission"] in turkish["group"]
