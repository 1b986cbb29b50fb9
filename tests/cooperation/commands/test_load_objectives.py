import pytest
from django.core.management import call_command

from cooperation.models import Objective

pytestmark = pytest.mark.django_db


def test_load_objectives_loads_table_two_once(capsys):
    call_command("load_objectives")
    call_command("load_objectives")

    assert "Objectives created: 20" in capsys.readouterr().out
    assert Objective.objects.count() == 20
    assert Objective.objects.filter(helix="science", text_en="Student exchange", text_ru="Студенческий обмен").exists()
