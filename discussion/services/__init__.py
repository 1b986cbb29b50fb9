"""Writes of the discussion app: ``comments`` (post, edit, delete, hide) and ``reports`` (create, resolve)."""
