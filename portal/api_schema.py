"""The OpenAPI schema's error responses, documented once for every operation (a drf-spectacular hook).

Whatever the view, the API can answer:

- 400: a malformed request: a body or a query the view refuses, or NUL in the query (``core.middleware``);
  ``{field: [messages]}``, ``[messages]`` or ``{"detail": message}``;
- 403: not allowed, or not signed in (session authentication comes first, so DRF answers 403, not 401),
  or a token that is not valid; ``{"detail": message}``;
- 404: no such object, or one the caller may not see (detail routes); a page past the last one (lists);
  NUL in the path; ``{"detail": message}``;
- 409: a write in the wrong state of the object (the services' ``InvalidStateError``); ``{"detail", "state"}``.

An operation that documents one of these itself keeps its description; the hook adds the body's schema
when it was missing, so that clients (and the schema-conformance test) can rely on it.
"""

ERROR = {
    "type": "object",
    "description": "An error: ``detail`` says what went wrong.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "description": "Invalid input: ``{field: [messages]}`` (``non_field_errors`` for the whole body), "
    "``[messages]``, or ``{detail: message}`` for a body that could not be read.",
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ],
}
STATE_CONFLICT = {
    "type": "object",
    "description": "The object is not in a state that allows the action; ``state`` is its current one.",
    "properties": {"detail": {"type": "string"}, "state": {"type": "string"}},
    "required": ["detail", "state"],
}
WRITES = {"post", "put", "patch", "delete"}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _errors(path: str, method: str, operation: dict) -> dict[str, tuple[str, str]]:
    """Status code -> (component, description) of the errors this operation can answer."""
    detail = "{" in path
    errors = {
        "400": ("ValidationError", "Invalid input."),
        "403": ("Error", "Not allowed, or not signed in."),
        "404": (
            "Error",
            "No such object, or the caller may not see it."
            if detail
            else "Not found (e.g. a page past the last one, or a resource the caller does not have).",
        ),
    }
    if method in WRITES:
        errors["409"] = ("StateConflict", "The object's current state does not allow this.")
    return errors


def document_errors(result, generator, request, public):
    """Postprocessing hook: add the error responses of the module to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    schemas.setdefault("StateConflict", STATE_CONFLICT)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, (component, description) in _errors(path, method, operation).items():
                response = responses.setdefault(code, {"description": description})
                if not response.get("description"):
                    response["description"] = description
                response.setdefault("content", _json(component))
    return result
