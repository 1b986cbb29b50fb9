"""Filters of the audit-log page (see audit.presenters)."""

from django import template

from audit import presenters

register = template.Library()

register.filter("action_label", presenters.action_label)
register.filter("detail_lines", presenters.detail_lines)
register.filter("entry_details", presenters.entry_details)
register.filter("local_times", presenters.local_times)
