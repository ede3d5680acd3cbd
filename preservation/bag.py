"""The BagIt bag (RFC 8493, the Library of Congress's bagit) that holds a build: the static copy
and the WARC as its payload, sha256 and sha512 checksums of every file, and a README in every
language of the portal saying what it is, when it was made, from which release and how to open
it."""

from pathlib import Path

import bagit
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import i18n

CHECKSUMS = ["sha256", "sha512"]


def start(build_dir: Path) -> bagit.Bag:
    """An empty bag in a new folder; the build writes its payload under ``data/``."""
    build_dir.mkdir(parents=True)
    return bagit.make_bag(str(build_dir), checksums=CHECKSUMS)


def open_bag(build_dir: Path) -> bagit.Bag:
    return bagit.Bag(str(build_dir))


def readme(site, now, state) -> str:
    """What the bag is, in every language of the portal, one after the other."""
    warc = state["warc"]
    parts = []
    for code in i18n.language_codes():
        with translation.override(code):
            parts.append(render_to_string("preservation/README.txt", {
                "site": site.base, "made": now, "release": settings.PORTAL_RELEASE,
                "warc": warc, "language": i18n.NATIVE_NAMES[code],
            }).strip())
    return "\n\n" + ("\n\n" + "=" * 72 + "\n\n").join(parts) + "\n"


def finish(bag: bagit.Bag, build_dir: Path, site, now, state) -> None:
    """The README and the bag's description, then every checksum anew."""
    (build_dir / "README.txt").write_text(readme(site, now, state), encoding="utf-8")
    bag.info.update({
        "Source-Organization": getattr(settings, "PRESERVATION_ORGANIZATION", "")
        or settings.WAGTAIL_SITE_NAME,
        "External-Description": (
            f"{settings.WAGTAIL_SITE_NAME}: a static copy of every public page of {site.base} "
            "in every language of the portal, and a WARC (ISO 28500) of the same responses "
            "with its CDXJ index. See README.txt."
        ),
        "External-Identifier": f"{site.base} {now.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Bagging-Date": timezone.localdate(now).isoformat(),
        "Portal-Release": settings.PORTAL_RELEASE,
        "Contact-Email": getattr(settings, "DEFAULT_FROM_EMAIL", ""),
    })
    bag.save(manifests=True)
