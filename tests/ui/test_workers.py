"""Workers: one thread per lane, answers on the UI thread, stale answers of a kind dropped, forget, the refresh."""

from __future__ import annotations

import threading

import pytest

from reader.ui.workers import JobKind, Lane, Workers


@pytest.fixture
def workers(qtbot):
    made = Workers()
    yield made
    assert made.shutdown(5)


def wait_idle(qtbot, workers: Workers) -> None:
    qtbot.waitUntil(lambda: not workers.is_busy(), timeout=5000)


def test_every_kind_names_its_lane_and_its_staleness():
    assert {kind.lane for kind in JobKind} == set(Lane)
    assert len({kind.label for kind in JobKind}) == len(JobKind)  # no two kinds share a generation counter
    assert JobKind.SEARCH.latest_only and JobKind.ARTICLE.latest_only and JobKind.IDS.latest_only
    assert not JobKind.MARK.latest_only and JobKind.MARK.lane is Lane.WRITE  # marks are never dropped
    assert JobKind.REFRESH.lane is Lane.REFRESH and JobKind.IMAGE.lane is Lane.NET


def test_jobs_run_on_their_lanes_thread_and_answer_on_the_ui_thread(qtbot, workers):
    ran: list[str] = []
    answered: list[tuple[str, str]] = []
    for kind in (JobKind.ROWS, JobKind.MARK, JobKind.IMAGE):
        workers.submit(kind, lambda lane=kind.lane.value: ran.append(threading.current_thread().name) or lane,
                       lambda lane: answered.append((lane, threading.current_thread().name)))
    wait_idle(qtbot, workers)
    assert sorted(ran) == ["byline-net", "byline-read", "byline-write"]
    assert sorted(answered) == [("net", "MainThread"), ("read", "MainThread"), ("write", "MainThread")]


def test_a_newer_job_of_a_latest_only_kind_drops_the_older_answer(qtbot, workers):
    gate = threading.Event()
    answers: list[str] = []
    workers.submit(JobKind.FREE, lambda: gate.wait(5))  # holds the read lane
    first = workers.submit(JobKind.SEARCH, lambda: "old", answers.append)
    second = workers.submit(JobKind.SEARCH, lambda: "new", answers.append)
    kept: list[int] = []
    workers.submit(JobKind.ROWS, lambda: 1, kept.append)  # not latest-only: both answers count
    workers.submit(JobKind.ROWS, lambda: 2, kept.append)
    assert (first, second) == (1, 2) and workers.generation(JobKind.SEARCH) == 2
    gate.set()
    wait_idle(qtbot, workers)
    assert answers == ["new"]
    assert kept == [1, 2]


def test_forget_drops_a_running_search_and_refuses_kinds_whose_answers_count(qtbot, workers):
    gate = threading.Event()
    answers: list[str] = []
    workers.submit(JobKind.SEARCH, lambda: gate.wait(5) and "hits", answers.append)
    workers.forget(JobKind.SEARCH)
    assert workers.generation(JobKind.SEARCH) == 2
    gate.set()
    wait_idle(qtbot, workers)
    assert answers == []
    with pytest.raises(ValueError, match="never dropped"):
        workers.forget(JobKind.MARK)


def test_a_kind_must_be_a_job_kind_not_a_string(workers):
    with pytest.raises(TypeError, match="JobKind"):
        workers.submit("search", lambda: None)  # type: ignore[arg-type]
    assert not workers.is_busy() and workers.generation(JobKind.SEARCH) == 0


def test_failures_go_to_on_error_and_bugs_say_unexpected(qtbot, workers, monkeypatch):
    from reader.core.errors import BylineError

    errors: list[str] = []
    hooked: list[BaseException] = []
    monkeypatch.setattr("sys.excepthook", lambda kind, error, tb: hooked.append(error))

    def expected() -> None:
        raise BylineError("the feed is gone")

    def bug() -> None:
        raise KeyError("oops")

    workers.submit(JobKind.MARK, expected, None, errors.append)
    workers.submit(JobKind.MARK, bug, None, errors.append)
    wait_idle(qtbot, workers)
    assert errors == ["the feed is gone", "unexpected error: 'oops'"]
    # the bug (and only the bug) also reaches the excepthook on the UI thread, traceback and all
    assert [type(e) for e in hooked] == [KeyError] and hooked[0].__traceback__ is not None


def test_a_bug_in_a_job_opens_the_bug_dialog(qtbot, workers):
    from reader.ui.bug_report import BugDialog, BugReporter

    made: list[BugDialog] = []

    def make(parent):
        made.append(BugDialog(parent))
        return made[-1]

    reporter = BugReporter(None, make_dialog=make).install()
    try:
        def broken() -> None:
            raise ZeroDivisionError("a bug on a lane")

        workers.submit(JobKind.MARK, broken, None, lambda _message: None)
        qtbot.waitUntil(lambda: len(made) == 1, timeout=5000)
        assert "ZeroDivisionError: a bug on a lane" in made[0].text() and "broken" in made[0].text()
        made[0].reject()
    finally:
        reporter.uninstall()


def test_after_shutdown_nothing_runs(qtbot):
    workers = Workers()
    assert workers.shutdown(5)
    ran: list[int] = []
    assert workers.submit(JobKind.MARK, lambda: ran.append(1)) == -1
    assert ran == [] and not workers.is_busy()
    assert not [t for t in threading.enumerate() if t.name.startswith("byline-") and t.is_alive()]


def test_refresh_runs_library_refresh_once_at_a_time(qtbot, workers, library):
    calls: list[dict[str, object]] = []
    gate = threading.Event()

    class FakeLibrary:
        def refresh(self, feed_ids, **kwargs):
            calls.append({"feed_ids": feed_ids, "force": kwargs["force"]})
            gate.wait(5)
            return library.refresh([])

    fake = FakeLibrary()
    with qtbot.waitSignal(workers.refresh_finished, timeout=5000) as blocker:
        assert workers.refresh(fake, [3, 4], force=False)  # type: ignore[arg-type]
        assert not workers.refresh(fake)  # type: ignore[arg-type]
        gate.set()
    assert calls == [{"feed_ids": [3, 4], "force": False}]
    assert blocker.args[0].checked == 0
