"""API error format: Django's ValidationError becomes 400 per field, InvalidStateError 409."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import InvalidStateError


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {
                ("non_field_errors" if field == NON_FIELD_ERRORS else field): [
                    str(m) for e in errors for m in e.messages
                ]
                for field, errors in exc.error_dict.items()
            }
        else:
            data = {"non_field_errors": [str(message) for message in exc.messages]}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, InvalidStateError):
        return Response({"detail": exc.message, "state": exc.state}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
