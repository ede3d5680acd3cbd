"""Page trees for tests, built with the same builder the demo loader uses."""

from demo.builder import create_page, stream  # noqa: F401


def body(text: str) -> list[dict]:
    return stream([("paragraph", f"<p>{text}</p>")])


def image(title="Test image", width=1600, height=1000):
    """A stored Wagtail image large enough for every rendition the templates ask for.

    The rendition cache is emptied first: a rolled-back test frees image ids that the next
    image reuses, and cached renditions of the old image would be served for it.
    """
    from django.core.cache import cache
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    cache.clear()
    return Image.objects.create(
        title=title, file=get_test_image_file(size=(width, height), colour="black")
    )
