"""The strategy pages: the import's dry run on the page, the template, the country view, the links in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from analytics.models import ClassifierItem
from strategy.models import PrioritySet
from strategy.services import priority_set_create
from tests.analytics.public_data import build_snapshot
from tests.strategy.factories import coordinator_of

pytestmark = pytest.mark.django_db


def test_the_import_page_checks_first_then_imports(client, lipetsk):
    client.force_login(coordinator_of(lipetsk))
    data = {"title": "Стратегия", "year": 2024}
    bad = SimpleUploadedFile("p.csv", b"classifier,code\nnace2,ZZ\n")
    good = b"classifier,code\nnace2,C\n"

    response = client.post("/strategy/regions/RU-LIP/priorities/import/", {**data, "file": bad, "apply": "on"})
    assert response.status_code == 200
    assert "ZZ" in response.content.decode()
    assert not PrioritySet.objects.exists()

    response = client.post(
        "/strategy/regions/RU-LIP/priorities/import/", {**data, "file": SimpleUploadedFile("p.csv", good)}
    )
    assert response.status_code == 200 and not PrioritySet.objects.exists()  # a dry run

    response = client.post(
        "/strategy/regions/RU-LIP/priorities/import/",
        {**data, "file": SimpleUploadedFile("p.csv", good), "apply": "on"},
    )
    assert response.status_code == 302
    assert PrioritySet.objects.get().priorities.get().item.code == "C"


def test_the_template_has_the_importers_columns(client):
    response = client.get("/strategy/priorities/template.csv")

    assert response.content.decode("utf-8-sig").splitlines()[0] == "classifier,code,rank,note"


def test_the_region_page_and_the_dashboard_link_to_the_priorities(client, lipetsk):
    client.force_login(coordinator_of(lipetsk))

    assert "/strategy/regions/RU-LIP/" in client.get("/regions/RU-LIP/").content.decode()
    assert "/strategy/regions/RU-LIP/" in client.get("/cooperation/regions/RU-LIP/").content.decode()


def test_the_country_view_opens_without_a_snapshot(client, reference_data):
    assert client.get("/strategy/").status_code == 200
    assert client.get("/strategy/export.csv").status_code == 200
    assert client.get("/strategy/export.pdf").status_code == 404


def test_an_edited_set_is_classified_again_on_the_region_page(client, lipetsk):
    # given Lipetsk's set naming G (trade, 0.64/0.69 in the paper's Table 3: not revealed)
    build_snapshot()
    items = {item.code: item for item in ClassifierItem.objects.filter(classifier__code="nace2", code__in=["C", "G"])}
    priority_set = priority_set_create(
        actor=None, region=lipetsk, title="Стратегия", year=2024, items=[items["G"]], check_permission=False
    )
    client.force_login(coordinator_of(lipetsk))
    page = client.get("/strategy/regions/RU-LIP/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/strategy/priority-sets/{priority_set.pk}/edit/"' in page
    assert 'data-status="revealed"' not in page

    # when the coordinator replaces G by C (2.29 in Table 3) on the edit page
    form = client.get(f"/strategy/priority-sets/{priority_set.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en")
    assert form.status_code == 200 and form.context["form"].initial["items"] == [items["G"].pk]
    response = client.post(
        f"/strategy/priority-sets/{priority_set.pk}/edit/",
        {"title": "Стратегия", "year": 2024, "items": [items["C"].pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # then the page classifies C as revealed with its coefficient
    html = response.content.decode()
    assert "their evidence is classified again" in html
    row = html.split('data-status="revealed"')[1].split("</tr>")[0]
    assert "C ·" in row and "2.29" in row


def test_the_order_chosen_for_the_priorities_is_kept_and_shown_again(client, lipetsk):
    # given three items whose classifier order is A, C, G, chosen by the coordinator as G, A, C
    items = {item.code: item for item in ClassifierItem.objects.filter(classifier__code="nace2", code__in="ACG")}
    chosen = [items["G"].pk, items["A"].pk, items["C"].pk]
    client.force_login(coordinator_of(lipetsk))

    # when the set is entered (the select submits the classifier's order; the picker's field the chosen one)
    client.post(
        "/strategy/regions/RU-LIP/priorities/new/",
        {"title": "Стратегия", "year": 2024, "items": sorted(chosen), "items_order": ",".join(map(str, chosen))},
    )

    # then the ranks follow the choice, and the edit page gives the picker that order back
    priority_set = PrioritySet.objects.get(region=lipetsk)
    assert list(priority_set.priorities.order_by("rank").values_list("item__code", flat=True)) == ["G", "A", "C"]
    form = client.get(f"/strategy/priority-sets/{priority_set.pk}/edit/").content.decode()
    assert f'name="items_order" value="{items["G"].pk},{items["A"].pk},{items["C"].pk}"' in form
    assert 'data-picker-order="id_items_order"' in form

    # when the coordinator moves C first on the edit page
    reordered = [items["C"].pk, items["G"].pk, items["A"].pk]
    client.post(
        f"/strategy/priority-sets/{priority_set.pk}/edit/",
        {"title": "Стратегия", "year": 2024, "items": sorted(reordered), "items_order": ",".join(map(str, reordered))},
    )
    assert list(priority_set.priorities.order_by("rank").values_list("item__code", flat=True)) == ["C", "G", "A"]

    # without JavaScript (the order field as the page gave it, C removed): the kept priorities keep their order
    client.post(
        f"/strategy/priority-sets/{priority_set.pk}/edit/",
        {
            "title": "Стратегия",
            "year": 2024,
            "items": [items["A"].pk, items["G"].pk],
            "items_order": ",".join(map(str, reordered)),
        },
    )
    assert list(priority_set.priorities.order_by("rank").values_list("item__code", flat=True)) == ["G", "A"]
