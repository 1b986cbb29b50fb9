"""The consultation workflow through its services: a Lipetsk government authority asks a Voronezh university,
the university accepts and submits the result, the authority confirms it — and only then the pair of regions
reaches level 2, from the day the consultation ended, in the cell "government of Lipetsk × science of
Voronezh". Also what each step refuses."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditLogEntry
from core.exceptions import InvalidStateError
from experts.services import (
    consultation_answer,
    consultation_complete,
    consultation_confirm,
    consultation_dispute,
    consultation_request,
)
from levels.models import PairEvidence, PairLevel
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import AgentFactory, MembershipFactory
from tests.experts.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

ENDED = date(2025, 4, 15)


@pytest.fixture
def sides(lipetsk, voronezh, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    authority = AgentFactory(region=lipetsk, helix="government")
    university = AgentFactory(region=voronezh, helix="science")
    asker, adviser = UserFactory(), UserFactory()
    MembershipFactory(agent=authority, user=asker)
    MembershipFactory(agent=university, user=adviser)
    return {"authority": authority, "university": university, "asker": asker, "adviser": adviser}


def _request(sides, **overrides):
    data = {
        "actor": sides["asker"],
        "advised_agent": sides["authority"],
        "advising_agent": sides["university"],
        "subject": "  Кластерная политика  ",
        "starts_on": date(2025, 3, 1),
        **overrides,
    }
    return consultation_request(**data)


def test_the_whole_workflow_counts_only_once_the_advised_side_confirms(sides, django_capture_on_commit_callbacks):
    # given the authority asks the university: the university's member is told
    with django_capture_on_commit_callbacks(execute=True):
        consultation = _request(sides)
    assert consultation.status == "requested" and consultation.subject == "Кластерная политика"
    assert [message.to for message in mail.outbox] == [[sides["adviser"].email]]

    # when the university accepts and submits a result document
    with django_capture_on_commit_callbacks(execute=True):
        consultation = consultation_answer(consultation=consultation, actor=sides["adviser"], accept=True)
        document = SimpleUploadedFile("doklad.pdf", b"%PDF-1.4 recommendations", content_type="application/pdf")
        consultation = consultation_complete(
            consultation=consultation, actor=sides["adviser"], result_document=document, ends_on=ENDED
        )
    # then it is submitted but counts for nothing yet
    assert consultation.status == "completed" and consultation.result_document.name.endswith("doklad.pdf")
    assert not PairEvidence.objects.exists()

    # when the authority confirms it
    with django_capture_on_commit_callbacks(execute=True):
        consultation_confirm(consultation=consultation, actor=sides["asker"])

    # then the levels were recomputed: level 2 (and 1) from the day it ended, in the cell government × science
    evidence = PairEvidence.objects.get()
    assert (evidence.kind, evidence.ref_id, evidence.level, evidence.date_from) == (
        "consultation",
        consultation.pk,
        2,
        ENDED,
    )
    # the grid's rows are the lower-id region's helices: government is index 0, science index 2
    lipetsk_first = sides["authority"].region_id < sides["university"].region_id
    assert evidence.links_mask == (1 << (0 * 4 + 2) if lipetsk_first else 1 << (2 * 4 + 0))
    assert sorted(PairLevel.objects.values_list("level", "reached_on")) == [(1, ENDED), (2, ENDED)]
    actions = list(AuditLogEntry.objects.filter(action__startswith="consultation.").values_list("action", flat=True))
    assert sorted(actions) == sorted(
        ["consultation.requested", "consultation.accepted", "consultation.completed", "consultation.confirmed"]
    )


def test_a_disputed_result_never_counts_and_needs_a_reason(sides, django_capture_on_commit_callbacks):
    consultation = ConsultationFactory(
        advised_agent=sides["authority"], advising_agent=sides["university"], status="completed"
    )
    with pytest.raises(ValidationError) as error:
        consultation_dispute(consultation=consultation, actor=sides["asker"], reason="  ")
    assert "reason" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        consultation_dispute(consultation=consultation, actor=sides["asker"], reason="Доклад не получен.")
    consultation.refresh_from_db()
    assert consultation.status == "disputed" and consultation.reason == "Доклад не получен."
    assert not PairEvidence.objects.exists()
    # the advising side is told why
    assert [message.to for message in mail.outbox] == [[sides["adviser"].email]]


def test_only_an_agent_of_another_region_can_be_asked(sides, lipetsk):
    neighbour = AgentFactory(region=lipetsk)
    with pytest.raises((ValidationError, PermissionDenied)):
        _request(sides, advising_agent=neighbour)


def test_one_asks_only_for_an_agent_one_acts_for(sides, lipetsk):
    with pytest.raises(ValidationError) as error:
        _request(sides, advised_agent=AgentFactory(region=lipetsk))
    assert "advised_agent" in error.value.message_dict


def test_the_result_needs_a_document_or_a_summary_and_no_future_end(sides):
    consultation = ConsultationFactory(
        advised_agent=sides["authority"], advising_agent=sides["university"], status="accepted"
    )
    with pytest.raises(ValidationError) as error:
        consultation_complete(consultation=consultation, actor=sides["adviser"], today=date(2025, 5, 1))
    assert "result_summary" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        consultation_complete(
            consultation=consultation,
            actor=sides["adviser"],
            result_summary="Рекомендации.",
            ends_on=date(2025, 5, 2),
            today=date(2025, 5, 1),
        )
    assert "ends_on" in error.value.message_dict


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [("virus.exe", b"MZ...", "invalid_extension"), ("empty.pdf", b"", "empty_file")],
)
def test_the_result_document_is_checked_like_every_upload(sides, name, content, code):
    consultation = ConsultationFactory(
        advised_agent=sides["authority"], advising_agent=sides["university"], status="accepted"
    )
    document = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as error:
        consultation_complete(consultation=consultation, actor=sides["adviser"], result_document=document)
    assert code in [item.code for item in error.value.error_dict["result_document"]]


def test_a_step_out_of_turn_is_a_conflict_before_it_is_a_refusal(sides):
    consultation = ConsultationFactory(
        advised_agent=sides["authority"], advising_agent=sides["university"], status="confirmed"
    )
    with pytest.raises(InvalidStateError):
        consultation_confirm(consultation=consultation, actor=UserFactory())
    with pytest.raises(InvalidStateError):
        consultation_answer(consultation=consultation, actor=sides["adviser"], accept=True)
