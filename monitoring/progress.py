"""Progress of an indicator toward its target: pure arithmetic, no Django, no clock.

Progress is the share of the way from the baseline to the target covered by the
latest value: ``(latest − baseline) / (target − baseline)``. It works the same
for indicators that should fall (the target below the baseline). The raw share
is kept (it may be negative, when things went the wrong way, or above 1, when
the target was exceeded); pages show it clamped to 0–100 %.
"""

from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def indicator_progress(*, baseline: Decimal, target: Decimal, latest: Decimal | None) -> Decimal | None:
    """The raw share of the way from ``baseline`` to ``target`` reached by ``latest``.

    ``None`` when nothing has been recorded yet, or when the target equals the
    baseline (there is no way to cover; the models forbid it).
    """
    if latest is None or target == baseline:
        return None
    return (Decimal(latest) - Decimal(baseline)) / (Decimal(target) - Decimal(baseline))


def clamp_progress(raw: Decimal | None) -> Decimal | None:
    """``raw`` limited to 0–1, for bars and percentages on pages."""
    if raw is None:
        return None
    return min(max(raw, ZERO), ONE)


def progress_percent(raw: Decimal | None, *, clamp: bool = True) -> int | None:
    """The progress as a whole percentage (rounded half up), clamped to 0–100 unless ``clamp`` is false."""
    if raw is None:
        return None
    share = clamp_progress(raw) if clamp else raw
    return int((share * HUNDRED).quantize(ONE, rounding="ROUND_HALF_UP"))
