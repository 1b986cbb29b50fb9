import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.models import ClassifierItem
from cooperation.models import Agent
from tests.cooperation.factories import AgentFactory

pytestmark = pytest.mark.django_db


def test_directory_filters_by_helix_region_macroregion_and_competence(client, lipetsk, voronezh, reference_data):
    rubric = ClassifierItem.objects.get(classifier__code="grnti", code="62")
    bio = AgentFactory(region=voronezh, helix="science", name="Биоцентр")
    bio.competences.add(rubric)
    AgentFactory(region=lipetsk, helix="government", name="Администрация")
    AgentFactory(region_id=lipetsk.pk, helix="civil", name="Фонд")

    def names(**params):
        return {a.name for a in client.get("/agents/", params).context["agents"]}

    assert names(helix="science") == {"Биоцентр"}
    assert names(helix=["science", "civil"]) == {"Биоцентр", "Фонд"}
    assert names(region="RU-LIP") == {"Администрация", "Фонд"}
    assert names(macroregion="central-black-earth") == {"Биоцентр", "Администрация", "Фонд"}
    assert names(competence=rubric.pk) == {"Биоцентр"}


def test_text_search_finds_cyrillic_names_in_any_case(client, lipetsk):
    AgentFactory(region=lipetsk, name="Липецкий технический университет")
    AgentFactory(region=lipetsk, name="Завод")

    found = client.get("/agents/", {"q": "УНИВЕРСИТЕТ липецкий"}).context["agents"]

    assert [a.name for a in found] == ["Липецкий технический университет"]


def test_unverified_agents_are_not_listed_for_visitors(client, lipetsk):
    AgentFactory(region=lipetsk, name="Проверенная", is_verified=True)
    hidden = AgentFactory(region=lipetsk, name="Непроверенная", is_verified=False)

    listed = {a.name for a in client.get("/agents/").context["agents"]}

    assert listed == {"Проверенная"}
    assert client.get(f"/agents/{hidden.pk}/").status_code == 404


def test_contacts_are_shown_only_to_signed_in_users(client, make_user, lipetsk):
    agent = AgentFactory(region=lipetsk, email="office@example.org", phone="+7 474 222-22-22")

    anonymous = client.get(f"/agents/{agent.pk}/").content.decode()
    client.force_login(make_user())
    signed_in = client.get(f"/agents/{agent.pk}/").content.decode()

    assert "office@example.org" not in anonymous and "+7 474 222-22-22" not in anonymous
    assert "office@example.org" in signed_in and "+7 474 222-22-22" in signed_in


def test_registering_an_agent_through_the_form(client, make_user, lipetsk):
    client.force_login(make_user())
    item = ClassifierItem.objects.get(classifier__code="nace2", code="J")

    response = client.post(
        "/agents/new/",
        {
            "name": "ИТ-парк",
            "helix": "business",
            "region": lipetsk.pk,
            "competences": [item.pk],
            "website": "itpark.example",
        },
    )

    agent = Agent.objects.get(name="ИТ-парк")
    assert response.status_code == 302 and response["Location"] == f"/agents/{agent.pk}/"
    assert agent.website == "https://itpark.example"
    assert not agent.is_verified


def test_form_errors_are_shown_per_field_in_russian(client, make_user, reference_data):
    client.force_login(make_user())

    response = client.post("/agents/new/", {"name": "", "helix": "", "email": "bad"}, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "helix", "region", "email"}
    assert errors["name"] == ["Обязательное поле."]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert Agent.objects.count() == 0


def test_login_is_required_to_register(client, reference_data):
    response = client.get("/agents/new/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_directory_query_count_is_constant(client, make_user, lipetsk):
    items = list(ClassifierItem.objects.filter(classifier__code="grnti")[:4])
    client.force_login(make_user())

    def create(n):
        for agent in AgentFactory.create_batch(n, region=lipetsk):
            agent.competences.set(items)

    create(2)
    client.get("/agents/")  # caches the user's unread-notification count for both measured requests
    with CaptureQueriesContext(connection) as few:
        client.get("/agents/")
    create(18)
    with CaptureQueriesContext(connection) as many:
        client.get("/agents/")

    assert len(many) == len(few)


def test_the_next_parameter_cannot_redirect_off_site(client, make_user, lipetsk):
    agent = AgentFactory(region=lipetsk, is_verified=False)
    client.force_login(make_user("moderator"))

    response = client.post(f"/agents/{agent.pk}/verify/", {"next": "https://evil.example/"})

    assert response["Location"] == f"/agents/{agent.pk}/"
