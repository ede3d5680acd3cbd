"""Page trees for tests, built with the same builder the demo loader uses."""

from pages.demo.builder import create_page, stream  # noqa: F401


def body(text: str) -> list[dict]:
    return stream([("paragraph", f"<p>{text}</p>")])
