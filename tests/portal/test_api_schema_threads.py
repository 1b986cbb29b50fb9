"""Two requests generating the API schema at the same moment both get it (drf-spectacular#1122).

drf-spectacular loads its extensions on the first generation in a process, and a second thread could find an
optional extension half-loaded: ``AttributeError: 'NoneType' object has no attribute 'startswith'`` and a 500
(met in a browser test when the Swagger and ReDoc pages asked for the schema together). ``portal.api_schema.
SchemaView`` generates one at a time. The race is made certain here: an optional extension whose module is missing
and whose import takes 0.3 s, asked for by two threads at once.
"""

import threading
import time

from django.test import RequestFactory
from drf_spectacular import plumbing
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from portal.api_schema import SchemaView

MISSING = "spiral_missing_package.authentication.Authentication"


def test_two_requests_generating_the_schema_at_once_both_get_it(monkeypatch):
    # given an optional extension whose target cannot be imported, slowly
    real_import = plumbing.import_string

    def slow_import(path):
        if path == MISSING:
            time.sleep(0.3)
            raise ImportError(path)
        return real_import(path)

    monkeypatch.setattr(plumbing, "import_string", slow_import)

    class MissingAuthentication(OpenApiAuthenticationExtension):
        target_class = MISSING
        name = "missing"
        optional = True
        priority = 1000  # asked first, for every authenticator of every operation

        def get_security_definition(self, auto_schema):
            return {}

    statuses: list[object] = []

    def fetch() -> None:
        try:
            statuses.append(SchemaView.as_view()(RequestFactory().get("/api/schema/")).status_code)
        except Exception as error:  # noqa: BLE001 - what the thread met is the result
            statuses.append(repr(error))

    # when two requests generate the schema at once
    try:
        threads = [threading.Thread(target=fetch) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        OpenApiAuthenticationExtension._registry.remove(MissingAuthentication)

    # then both get it
    assert statuses == [200, 200]
