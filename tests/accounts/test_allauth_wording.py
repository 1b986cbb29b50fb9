"""allauth's pages read in proper Russian: our catalogue overrides its weak translations."""

import re

from tests.accounts.factories import PASSWORD
from tests.accounts.totp import totp_code


def labels(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)]


def test_the_totp_page_labels_the_secret_and_the_code_differently(client, make_user):
    user = make_user()
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    response = client.get("/accounts/2fa/totp/activate/")
    assert client.post(response["Location"], {"password": PASSWORD}).status_code == 302

    html = client.get("/accounts/2fa/totp/activate/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    found = labels(html)
    assert "Секретный ключ" in found
    assert len(found) == len(set(found)), found
    assert "секрет ключ" not in html


def test_the_verification_page_separates_its_sentences(client):
    html = client.get("/accounts/confirm-email/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "папку «Спам»." in html
    assert not re.search(r"[»\"]\.[А-Я]", html)


def test_generating_new_recovery_codes_is_a_secondary_action(client, make_user):
    # New codes void the saved ones: downloading is the main action, regenerating must not look like its equal.
    user = make_user()
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    response = client.get("/accounts/2fa/totp/activate/")
    assert client.post(response["Location"], {"password": PASSWORD}).status_code == 302
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    assert client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)}).status_code == 302

    html = client.get("/accounts/2fa/recovery-codes/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    download = re.search(r'<a href="/accounts/2fa/recovery-codes/download/"[^>]*class="([^"]*)"', html, re.S)
    generate = re.search(r'<a href="/accounts/2fa/recovery-codes/generate/"[^>]*class="([^"]*)"', html, re.S)
    assert "btn-primary" in download.group(1)
    assert "btn-outline-secondary" in generate.group(1)
    assert "Осталось кодов восстановления: 10 из 10." in html
    assert "Доступнен" not in html
