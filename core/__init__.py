"""The shared kernel: errors, i18n helpers, form helpers, reference-data loading. Imports no app."""
