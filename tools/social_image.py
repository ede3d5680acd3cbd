"""Make static/img/social-default.png, the picture a shared link shows when its page has no
picture and no card of its own.

Drawn by sharing/share_card.py (the one drawing of the portal's share pictures, which also draws
each page's card): the mark and the site's name in Azerbaijani, English and Russian, in the
self-hosted Noto Serif. No other assets, nothing from other hosts.

    .venv/bin/python tools/social_image.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sharing.share_card import SIZE, default_picture  # noqa: E402

OUTPUT = ROOT / "static" / "img" / "social-default.png"
# As in demo/foundation.py (SETTINGS["site_name"]) and sharing.seo's alt text.
NAMES = ("Xocalı 1992", "Khojaly 1992", "Ходжалы 1992")


def main():
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(default_picture(NAMES))
    print(f"{OUTPUT.relative_to(ROOT)}: {SIZE[0]}x{SIZE[1]}, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
