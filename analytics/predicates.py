"""Predicates of the analytics app (the role predicates live in accounts.predicates)."""
