"""Writes for agents and memberships: each is one transaction with an audit-log row."""
