"""A null character in a page's address is refused before any view (core/middleware.py).

PostgreSQL refuses it in any query, so searches and filters read straight from the address
answered with a server error there (found on /stories/?q=%00 and five more addresses). The
API refuses it in its schemas: work/tests/test_api.py.
"""

from __future__ import annotations

import pytest

NUL = "roads\x00"


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "params"), [
    ("/stories/", {"q": NUL}),
    ("/stories/", {"principle": NUL}),
    ("/stories/", {"theme": NUL}),
    ("/goals/microactions/", {"principle": NUL}),
    ("/work/similar/", {"text": NUL}),
    ("/chapters/", {"q": NUL}),
])
def test_a_page_says_why_the_address_is_refused(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    text = response.content.decode()
    assert "The address could not be used" in text
    assert "contains a null character" in text


@pytest.mark.django_db
def test_a_signed_in_page_is_refused_the_same_way(client, make_user):
    client.force_login(make_user())
    response = client.get("/stories/new/", {"chapter": NUL})
    assert response.status_code == 400
    assert "contains a null character" in response.content.decode()


@pytest.mark.django_db
def test_an_address_without_one_is_served(client):
    assert client.get("/stories/", {"q": "roads"}).status_code == 200
