"""Confirming a consultation is irreversible (it becomes evidence of level 2): the list of "My consultations"
and the consultation's page ask first in a dialog, as every irreversible action in Spiral does."""

import pytest
from playwright.sync_api import Page, expect

from experts.choices import ConsultationStatus
from experts.models import Consultation
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import MembershipFactory
from tests.e2e.test_levels_dashboard import log_in
from tests.experts.factories import ConsultationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def completed(reference_data):
    """A consultation whose result awaits the advised side's confirmation, and a member of the advised agent."""
    consultation = ConsultationFactory(status=ConsultationStatus.COMPLETED, subject="Кластерная политика")
    asker = UserFactory()
    MembershipFactory(agent=consultation.advised_agent, user=asker)
    return consultation, asker


def _status(consultation) -> str:
    return Consultation.objects.get(pk=consultation.pk).status


@pytest.mark.parametrize("path", ["/experts/consultations/", "detail"])
def test_confirming_a_consultation_asks_first_and_cancel_changes_nothing(page: Page, completed, path):
    consultation, asker = completed
    log_in(page, asker)
    page.goto(consultation.get_absolute_url() if path == "detail" else path)

    # when the person clicks "Confirm": a dialog asks, and nothing is posted yet
    page.get_by_role("button", name="Confirm the consultation").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Кластерная политика")
    assert _status(consultation) == ConsultationStatus.COMPLETED

    # Cancel closes it without a change; Escape would too (Bootstrap's modal)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert _status(consultation) == ConsultationStatus.COMPLETED

    # the dialog's own button confirms
    page.get_by_role("button", name="Confirm the consultation").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert _status(consultation) == ConsultationStatus.CONFIRMED
    expected = "/experts/consultations/" if path != "detail" else consultation.get_absolute_url()
    assert page.url.endswith(expected)
