"""Error pages: JSON under /api/ (an API client cannot read an HTML page), Django's pages elsewhere.

Errors raised inside a DRF view are answered by DRF (``portal.api_exceptions``); these handlers answer
the others: a path no route matches, a request refused by a middleware, an unexpected exception (500).
The JSON has DRF's shape, ``{"detail": message}``.
"""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions, status

API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json(detail, status_code: int) -> JsonResponse:
    return JsonResponse({"detail": str(detail)}, status=status_code)


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if is_api_request(request):
        message = (
            exception.args[0] if exception is not None and exception.args else exceptions.ParseError.default_detail
        )
        return _json(message, status.HTTP_400_BAD_REQUEST)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if is_api_request(request):
        return _json(exceptions.PermissionDenied.default_detail, status.HTTP_403_FORBIDDEN)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if is_api_request(request):
        return _json(exceptions.NotFound.default_detail, status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if is_api_request(request):
        return _json(exceptions.APIException.default_detail, status.HTTP_500_INTERNAL_SERVER_ERROR)
    return defaults.server_error(request, template_name)
