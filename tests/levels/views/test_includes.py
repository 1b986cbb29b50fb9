"""The pieces other pages include: the navigation entry and the region page's panel."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from levels.services import levels_recompute
from tests.levels.factories import InteractionFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    request = RequestFactory().get("/regions/RU-LIP/")
    request.user = context.get("user", AnonymousUser())
    with translation.override("en"):
        return Template(source).render(Context({"request": request, **context}))


def test_the_region_panel_shows_the_level_and_links_to_the_dashboard(outsider, lipetsk, lipetsk_agent, voronezh_agent):
    InteractionFactory(participants=[lipetsk_agent, voronezh_agent])
    levels_recompute(as_of=timezone.localdate())
    html = render("{% load levels_tags %}{% levels_region_panel region %}", region=lipetsk, user=outsider)
    assert "Level 1 — Information" in html and "with 1 partner region" in html
    assert 'href="/cooperation/regions/RU-LIP/"' in html


def test_the_region_panel_for_anonymous_visitors_asks_to_sign_in(lipetsk):
    html = render("{% load levels_tags %}{% levels_region_panel region %}", region=lipetsk)
    assert "No cooperation yet" in html and "Sign in" in html and "/cooperation/regions/" not in html


def test_the_navigation_entry_is_for_signed_in_users(outsider, reference_data):
    source = '{% include "levels/includes/navbar_item.html" %}'
    assert render(source).strip() == ""
    html = render(source, user=outsider)
    assert 'href="/cooperation/network/"' in html and "Cooperation levels" in html
