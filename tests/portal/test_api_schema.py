"""The OpenAPI schema says what the API returns (the fuzz test checks the answers against it)."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _ok(schema, path, method, code="200"):
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


def _component(schema, ref):
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_search_and_recommendations_are_one_object_not_an_array(schema):
    assert _ok(schema, "/api/search/", "get") == {"$ref": "#/components/schemas/SearchResponse"}
    assert _ok(schema, "/api/recommendations/", "get") == {"$ref": "#/components/schemas/Recommendations"}


def test_the_moderation_queue_is_a_page_of_projects(schema):
    page = _component(schema, _ok(schema, "/api/projects/moderation-queue/", "get"))

    item = page["properties"]["results"]["items"]
    assert item == {"$ref": "#/components/schemas/Project"}
    assert "cooperation_types" in _component(schema, item)["required"]


@pytest.mark.parametrize(
    ("path", "read"),
    [
        ("/api/agents/{id}/", "Agent"),
        ("/api/interactions/{id}/", "Interaction"),
        ("/api/projects/{id}/", "ProjectDetail"),
    ],
)
def test_patch_returns_what_put_returns(schema, path, read):
    assert _ok(schema, path, "patch") == {"$ref": f"#/components/schemas/{read}"}
    assert _ok(schema, path, "put") == {"$ref": f"#/components/schemas/{read}"}


def test_every_operation_documents_its_errors_with_a_body(schema):
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {"400", "403", "404"} | ({"409"} if method in {"post", "put", "patch", "delete"} else set())
            codes |= {"415"} if "requestBody" in operation else set()  # a body of a type no parser reads
            for code in codes:
                if "application/json" not in operation["responses"].get(code, {}).get("content", {}):
                    missing.append(f"{method.upper()} {path} {code}")
    assert not missing
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_an_invitation_without_inviter_is_documented_as_null(schema):
    assert schema["components"]["schemas"]["ExpertInvitation"]["properties"]["invited_by"]["nullable"] is True
