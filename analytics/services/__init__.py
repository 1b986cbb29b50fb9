"""Writes of the analytics app: reference classifiers, imports into the data bank, snapshots."""

from .reference import CLASSIFIERS_DIR, classifiers_load_reference_data

__all__ = ["CLASSIFIERS_DIR", "classifiers_load_reference_data"]
