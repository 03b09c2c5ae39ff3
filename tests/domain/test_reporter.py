import pytest

from evidencekit.domain.errors import Cancelled
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter


def test_report_and_step_pass_events_on_until_cancelled() -> None:
    events: list[ProgressEvent] = []
    token = CancelToken()
    reporter = Reporter(events.append, token)
    reporter.report(1, 4, "hashing")
    reporter.step(2, None)
    assert events == [ProgressEvent(1, 4, "hashing"), ProgressEvent(2, None, "")]
    token.cancel()
    with pytest.raises(Cancelled):
        reporter.step(3, 4)
    with pytest.raises(Cancelled):
        reporter.check()
    assert len(events) == 2


def test_silent_reporters_do_not_share_a_token() -> None:
    first, second = Reporter.silent(), Reporter.silent()
    first.cancel.cancel()
    second.check()
    with pytest.raises(Cancelled):
        first.check()
