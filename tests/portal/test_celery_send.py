"""Sending a task while the broker is down is logged, not raised (``portal.celery.Task``)."""

import logging

import pytest
from celery import Task as CeleryTask
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from accounts.tasks import send_email_task


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
        RedisConnectionError("Connection refused"),
    ],
    ids=["broker", "result backend"],
)
def test_a_task_the_broker_cannot_take_is_logged_and_the_caller_goes_on(monkeypatch, caplog, error):
    def refuse(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(CeleryTask, "apply_async", refuse)

    with caplog.at_level(logging.ERROR, logger="portal.celery"):
        result = send_email_task.delay(subject="s", body="b", recipients=["a@example.org"])

    assert result is None
    assert "Task accounts.tasks.send_email_task not sent, the broker is unavailable" in caplog.text


def test_a_programming_error_while_sending_still_raises(monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("not a connection problem")

    monkeypatch.setattr(CeleryTask, "apply_async", broken)

    with pytest.raises(RuntimeError):
        send_email_task.delay(subject="s", body="b", recipients=["a@example.org"])
