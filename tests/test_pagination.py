"""One pagination rule for every list (core.pagination): no page number is the first page; a
page of the list is that page; anything else is the reader's 404 page in their language."""

import pytest

LIST_PATHS = {
    "en": {"news": "/en/news/", "resources": "/en/resources/",
           "anniversaries": "/en/anniversaries/", "names": "/en/names/",
           "testimonies": "/en/testimonies/", "search": "/en/search/?q=Khojaly"},
}


def with_page(path, number):
    return f"{path}{'&' if '?' in path else '?'}page={number}"


@pytest.mark.parametrize("name", sorted(LIST_PATHS["en"]))
def test_every_list_follows_one_rule(client, name):
    path = LIST_PATHS["en"][name]
    assert client.get(path).status_code == 200, path
    assert client.get(with_page(path, 1)).status_code == 200, path
    for number in ("999", "0", "-1", "abc", "2.5"):
        response = client.get(with_page(path, number))
        assert response.status_code == 404, (path, number)
        assert '<html lang="en"' in response.content.decode()
