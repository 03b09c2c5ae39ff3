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


def test_via_keeps_the_token_and_sends_events_elsewhere() -> None:
    outer: list[ProgressEvent] = []
    inner: list[ProgressEvent] = []
    reporter = Reporter(outer.append, CancelToken())
    rescaled = reporter.via(inner.append)
    rescaled.report(1, 2)
    assert (outer, inner) == ([], [ProgressEvent(1, 2, "")])
    reporter.cancel.cancel()
    with pytest.raises(Cancelled):
        rescaled.check()


def test_to_reports_with_a_token_of_its_own() -> None:
    events: list[ProgressEvent] = []
    first, second = Reporter.to(events.append), Reporter.to(events.append)
    first.cancel.cancel()
    second.step(1, None, "still going")
    assert events == [ProgressEvent(1, None, "still going")]
