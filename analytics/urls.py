from django.urls import path  # noqa: F401 - used by the sections below

app_name = "analytics"

urlpatterns: list = []

# --- Public pages (open data): analytics/views/public.py
# (helpers append: urlpatterns += [...])

# --- Data bank for analysts (imports, concordance, recomputation): analytics/views/data_bank.py
