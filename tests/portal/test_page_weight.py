"""Page weight on phones: the main pages go out gzip-compressed and none weighs over 150 KB compressed."""

import gzip

import pytest
from django.test import Client

from tests.analytics.public_data import build_snapshot
from tests.portal.test_query_counts import grow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

LIMIT = 150 * 1024


def test_main_pages_are_gzip_compressed_and_under_150_kb():
    site = grow(None, 3)
    build_snapshot()
    member = Client()
    member.force_login(site.member)
    pages = {
        "home": ("/", Client()),
        "map": ("/analytics/map/", Client()),
        "region analytics": ("/analytics/regions/RU-LIP/", Client()),
        "project": (f"/projects/{site.project.pk}/", member),
        "network": ("/cooperation/network/", member),
    }
    for name, (url, client) in pages.items():
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200, name
        assert response["Content-Encoding"] == "gzip", name
        assert "Accept-Encoding" in response["Vary"], name
        body = response.content
        assert len(body) < LIMIT, (name, len(body))
        # It really is the page, compressed: it unpacks to HTML.
        assert b"<html" in gzip.decompress(body), name
