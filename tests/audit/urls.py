"""The portal's URLs with the audit pages mounted at /audit/ (until portal/urls.py includes them itself)."""

from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = list(portal_urlpatterns)
if not any(getattr(pattern, "namespace", None) == "audit" for pattern in urlpatterns):
    urlpatterns.append(path("audit/", include("audit.urls")))
