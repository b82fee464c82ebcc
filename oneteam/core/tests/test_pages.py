"""The pages every visitor can reach: home, accessibility, privacy, errors, look and feel."""

from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path

from oneteam.core import views
from oneteam.urls import urlpatterns as real_urlpatterns

BUILD = Path(__file__).resolve().parents[1] / "static" / "build" / "oneteam.css"


def _boom(request):
    raise RuntimeError("something broke")


def _forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [path("boom/", _boom), path("forbidden/", _forbidden), *real_urlpatterns]
handler403 = views.error_403
handler404 = views.error_404
handler500 = views.error_500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "heading"),
    [("/", "Public servants, working as one team"), ("/accessibility/", "Accessibility statement"), ("/privacy/", "Privacy")],
)
def test_public_pages_render_with_generic_header_and_footer(client, url, heading):
    html = client.get(url).content.decode()
    assert heading in html
    assert 'class="govuk-generic-header"' in html
    assert 'class="govuk-skip-link"' in html
    assert "/accessibility/" in html and "/privacy/" in html
    assert "govuk-header__logotype" not in html  # no crown


@pytest.mark.django_db
def test_unknown_page_gets_our_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_forbidden_gets_our_403(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_server_error_gets_our_500(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_stylesheet_uses_our_brand_and_font_not_govuks():
    if not BUILD.exists():
        pytest.skip("front-end not built: run `npm run build` (make does it)")
    css = BUILD.read_text()
    assert "GDS Transport" not in css
    assert "govuk-crest" not in css
    assert "Helvetica,Arial,sans-serif" in css
    assert "--govuk-brand-colour: #00625e" in css  # OneTeam teal, not GOV.UK blue
    assert "--govuk-link-colour: #005a8c" in css


@pytest.mark.browser
def test_public_pages_pass_axe(live_server, page, assert_accessible, db):
    for url in ["/", "/accessibility/", "/privacy/", "/no-such-page/"]:
        page.goto(live_server.url + url)
        assert_accessible(page)
