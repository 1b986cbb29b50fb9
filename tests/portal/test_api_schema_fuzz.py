"""Schemathesis over every operation of the API, in-process (WSGI), in the production pass of the suite
(PostgreSQL, the stricter engine).

Each operation gets cases generated from its OpenAPI schema, valid and invalid ones (schemathesis'
positive and negative modes), each case sent anonymously, with a member's token and with an administrator's token.
Every answer must be no server error, have a documented status code and match the documented schema.
Path ids are drawn from objects that exist half of the time, so detail routes answer more than 404.

The run is bounded (``SPIRAL_FUZZ_EXAMPLES`` cases per operation and mode; derandomized, so a run
is reproducible) and prints its figures: operations, cases and seconds. All failures are collected and
reported together rather than stopping at the first.
"""

import os
import time
from collections import defaultdict

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance
from schemathesis.core.failures import FailureGroup
from werkzeug.test import Client

from tests.portal.api_data import populate

# The production pass only (Makefile): PostgreSQL is the stricter engine (NUL bytes), and the run is long.
pytestmark = [pytest.mark.django_db, pytest.mark.production]

EXAMPLES = int(os.environ.get("SPIRAL_FUZZ_EXAMPLES", "4"))
# The operations are dealt out to this many tests (operation i to test i mod SHARDS), so that pytest-xdist's
# workers share them instead of one worker running them all.
SHARDS = 4
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, without the per-request connection closing (the test's transaction must live on)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# The WSGI transport hands schemathesis the body as the app sent it; the portal compresses HTML and JSON for
# clients that accept gzip (GZipMiddleware), so the fuzzer asks for the plain body, as it reads it.
PLAIN = {"Accept-Encoding": "identity"}


def _headers(user) -> dict[str, str]:
    if user is None:
        return dict(PLAIN)
    return {**PLAIN, "Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


def _lookup_values(app, headers, schema) -> dict[str, list[str]]:
    """The values of each collection's lookup field, read from its list operation as an administrator.

    Through the WSGI app, not Django's test client: the latter reconnects the per-request connection
    closing when it is done, which would close the test's PostgreSQL connection under the next request.
    """
    client = Client(app)
    values: dict[str, list[str]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method != "get" or "{" in operation.path:
            continue
        response = client.get(operation.path, headers=headers)
        if response.status_code != 200:
            continue
        data = response.get_json()
        items = data.get("results") if isinstance(data, dict) else data
        if not isinstance(items, list):
            continue
        for item in items[:5]:
            if isinstance(item, dict):
                for key, value in item.items():
                    if isinstance(value, int | str) and not isinstance(value, bool):
                        values.setdefault(f"{operation.path}|{key}", []).append(str(value))
    return values


def _known_values(values, path: str, parameter: str) -> list[str]:
    collection = path.split("{")[0]
    key = "id" if parameter in ("id", "pk") else parameter
    return values.get(f"{collection}|{key}", [])


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_operation_conforms_to_the_schema(wsgi_app, reference_data, shard):
    # given data for every collection, a member and an administrator
    people = populate()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    known = _lookup_values(wsgi_app, _headers(people["administrator"]), schema)
    callers = {"anonymous": None, "member": people["member"], "administrator": people["administrator"]}

    # when every operation is called with generated cases by every caller
    failures: dict[str, dict[str, str]] = defaultdict(dict)
    counts = {"operations": 0, "cases": 0}
    started = time.monotonic()
    for index, result in enumerate(schema.get_all_operations()):
        if index % SHARDS != shard:
            continue
        operation = result.ok()
        counts["operations"] += 1
        headers = {caller: _headers(user) for caller, user in callers.items()}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, headers, known, counts, failures)
    elapsed = time.monotonic() - started
    print(f"\nschemathesis: {counts['operations']} operations, {counts['cases']} cases, {elapsed:.0f} s")

    # then nothing failed
    report = [f"{label}: {key}\n    {example}" for label, found in failures.items() for key, example in found.items()]
    assert not report, f"{len(report)} distinct failures:\n\n" + "\n\n".join(report)


def _fuzz(operation, mode, headers, known, counts, failures) -> None:
    """Send each generated case of ``operation`` in ``mode`` as every caller of ``headers``.

    The cases are generated once and sent by each caller in turn: generating them (and the many candidates
    that the negative mode rejects) is most of the fuzz's time, and each caller now meets exactly the same cases.
    """
    path_parameters = [p.name for p in operation.path_parameters]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), use_known=st.booleans(), pick=st.integers(0, 4))
    def run(case, use_known, pick):
        if use_known and case.path_parameters:
            for name in path_parameters:
                choices = _known_values(known, operation.path, name)
                if choices:
                    case.path_parameters[name] = choices[pick % len(choices)]
        for caller, caller_headers in headers.items():
            counts["cases"] += 1
            response = case.call(headers=caller_headers)
            try:
                case.validate_response(response, checks=CHECKS, headers=caller_headers)
            except FailureGroup as group:  # collected, reported at the end
                for failure in group.exceptions:
                    key = f"{response.status_code} {failure.title}: {failure.message[:300]}"
                    failures[f"{operation.label} [{caller}, {mode.value}]"].setdefault(
                        key, case.as_curl_command(headers=caller_headers)
                    )

    try:
        run()
    except Unsatisfiable:
        pass  # nothing to negate (no parameters, no body): the positive cases cover the operation
    except Exception as error:  # noqa: BLE001 - e.g. a case that cannot be generated
        failures[f"{operation.label} [{mode.value}]"].setdefault(
            f"generation: {type(error).__name__}: {str(error)[:500]}", ""
        )
