"""The portal's own error pages, in Russian and English, as production (DEBUG=False) serves them."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


@pytest.mark.parametrize(
    ("language", "heading", "back"),
    [("ru", "Страница не найдена", "Вернуться на главную"), ("en", "Not found", "Back to the home page")],
)
def test_an_unknown_page_is_our_404_in_the_visitor_language(reference_data, language, heading, back):
    response = Client(headers={"accept-language": language}).get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert back in html


@pytest.mark.parametrize(
    ("language", "heading", "advice"),
    [
        ("ru", "Ошибка сервера", "Что-то пошло не так на нашей стороне"),
        ("en", "Server error", "Something went wrong on our side"),
    ],
)
def test_an_unexpected_error_is_our_500_page_in_the_visitor_language(
    reference_data, monkeypatch, language, heading, advice
):
    from regions import views

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.RegionListView, "get", broken)

    response = Client(raise_request_exception=False, headers={"accept-language": language}).get("/regions/")

    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert advice in html


@pytest.mark.parametrize(("language", "heading"), [("ru", "Неверный запрос"), ("en", "Bad request")])
def test_a_refused_host_is_our_400_page(settings, language, heading):
    settings.ALLOWED_HOSTS = ["spiral.example"]

    response = Client(headers={"accept-language": language}).get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html


def test_the_api_still_answers_json_not_our_page():
    response = Client().get("/api/no-such-collection/", headers={"accept-language": "en"})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
