"""Comments on PostgreSQL: five identical comments sent at the same moment (a nervous double click, a
client retrying) make one comment; the row lock on the project serialises them.

Run in the integration pass (``make test-integration``): DATABASE_URL points at PostgreSQL.
"""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from cooperation.choices import ProjectState
from discussion.models import Comment
from tests.concurrency import race
from tests.cooperation.factories import AgentFactory, ProjectFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def postgresql(transactional_db):
    """Fail loudly (not skip) when the integration pass runs without PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.fail("Integration tests need DATABASE_URL=postgres://… (run `make test-integration`).")


def test_five_identical_comments_posted_at_once_make_one(postgresql, make_user, lipetsk):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
    author = make_user()
    clients = []
    for _ in range(5):
        client = APIClient()
        client.force_authenticate(author)
        clients.append(client)
    body = {"project": project.pk, "text": "Поддерживаем проект"}

    responses = race([lambda client=client: client.post("/api/comments/", body) for client in clients])

    assert sorted(response.status_code for response in responses) == [200, 200, 200, 200, 201]
    comment = Comment.objects.get(project=project)
    assert {response.data["id"] for response in responses} == {comment.pk}
    assert (comment.author, comment.text) == (author, "Поддерживаем проект")
