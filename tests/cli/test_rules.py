"""CONTRACT.md "Rules and smart feeds": every command, its JSON fields, output and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import ARTICLE_FIELDS, FEED, Run, ids_by_title

RULE_FIELDS = {"id", "name", "query", "action", "matched"}
SMART_FIELDS = {"id", "name", "query", "unread"}

EXTRA_ITEM = """
    <item>
      <title>Sponsored: ferry season tickets on sale</title>
      <link>https://courier.example.org/2026/tickets</link>
      <guid>courier-tickets-2026</guid>
      <pubDate>Tue, 03 Nov 2026 08:00:00 +0000</pubDate>
      <description>Buy now.</description>
    </item>
"""


@pytest.fixture
def run(data_dir: Path) -> Run:
    return Run(data_dir)


@pytest.fixture
def feed_file(tmp_path: Path) -> Path:
    path = tmp_path / "courier.rss"
    path.write_bytes(FEED.read_bytes())
    return path


@pytest.fixture
def subscribed(run: Run, feed_file: Path) -> Run:
    code, _, err = run("add", str(feed_file), "--folder", "Local/Towns")
    assert code == 0, err
    return run


def add_entry(feed_file: Path) -> None:
    text = feed_file.read_text(encoding="utf-8")
    feed_file.write_text(text.replace("<item>", EXTRA_ITEM + "    <item>", 1), encoding="utf-8")


def test_rule_add_prints_its_id_and_rules_lists_it(run: Run) -> None:
    code, out, err = run("rule", "add", "title:sponsored", "--action", "hide", "--name", "No ads")
    assert (code, err) == (0, "")
    rule_id = int(out.strip())
    code, out, _ = run("rule", "add", "ferry", "tickets", "--action", "notify")
    assert code == 0
    second = int(out.strip())
    rules = run.json("rules")
    assert all(RULE_FIELDS <= set(r) for r in rules)
    assert [(r["id"], r["name"], r["query"], r["action"], r["matched"]) for r in rules] == [
        (rule_id, "No ads", "title:sponsored", "hide", 0),
        (second, "ferry tickets", "ferry tickets", "notify", 0),
    ]
    code, out, _ = run("rules")
    assert code == 0
    assert out.splitlines() == [f"{rule_id}\tNo ads\ttitle:sponsored\thide\t0", f"{second}\tferry tickets\tferry tickets\tnotify\t0"]


@pytest.mark.parametrize(("query", "reason"), [
    ("is:read is:unread", "cannot both apply"),
    ("-ferry", "besides the excluded"),
    ("after:yesterday", "like 2024-01-31"),
    ("(((", "punctuation alone"),
])
def test_a_rejected_query_is_exit_1_with_its_reason(run: Run, query: str, reason: str) -> None:
    # "--" lets a query start with a dash, as for any command line.
    for args in (("rule", "add", "--action", "read", "--", query), ("smart", "add", "--", "Name", query)):
        code, out, err = run(*args)
        assert code == 1 and out == ""
        assert reason in err and err.count("\n") == 1 and "Traceback" not in err
    assert run.json("rules") == [] and run.json("smart", "list") == []


def test_wrong_usage_is_exit_2(run: Run) -> None:
    assert run("rule", "add", "ferry", "--action", "delete")[0] == 2
    assert run("rule", "add", "ferry")[0] == 2  # --action is required
    assert run("rule", "remove", "x")[0] == 2
    assert run("smart", "add", "OnlyAName")[0] == 2
    assert run("rule")[0] == 2


def test_rule_acts_on_arrival_in_refresh(subscribed: Run, feed_file: Path) -> None:
    _, out, _ = subscribed("rule", "add", "title:sponsored", "--action", "read")
    add_entry(feed_file)
    code, out, err = subscribed("refresh")
    assert code == 0, err
    assert "1 new article," in out
    ticket = [a for a in subscribed.json("articles") if a["title"].startswith("Sponsored")]
    assert ticket[0]["read"] is True
    (rule,) = subscribed.json("rules")
    assert rule["matched"] == 1
    (feed,) = subscribed.json("feeds")
    assert feed["unread"] == 3


def test_hide_keeps_it_searchable_and_out_of_lists_and_counts(subscribed: Run, feed_file: Path) -> None:
    subscribed("rule", "add", "title:sponsored", "--action", "hide")
    add_entry(feed_file)
    assert subscribed("refresh")[0] == 0
    assert all(not a["title"].startswith("Sponsored") for a in subscribed.json("articles"))
    assert subscribed.json("feeds")[0]["unread"] == 3
    hits = subscribed.json("search", "tickets")
    assert [h["title"] for h in hits] == ["Sponsored: ferry season tickets on sale"]


def test_rule_apply_prints_how_many_it_changed_and_remove_keeps_the_effect(subscribed: Run) -> None:
    _, out, _ = subscribed("rule", "add", "ferry", "--action", "save")
    rule_id = out.strip()
    code, out, err = subscribed("rule", "apply", rule_id)
    assert (code, out, err) == (0, "2\n", "")  # the ferry story and the one whose callout names the ferry
    assert subscribed("rule", "apply", rule_id)[1] == "0\n"
    assert subscribed.json("rules")[0]["matched"] == 2
    assert subscribed("rule", "remove", rule_id) == (0, "", "")
    assert subscribed.json("rules") == []
    assert len(subscribed.json("articles", "--saved")) == 2


def test_unknown_ids_are_exit_1(run: Run) -> None:
    for args in (("rule", "remove", "7"), ("rule", "apply", "7"), ("smart", "remove", "7"), ("articles", "--smart", "7")):
        code, out, err = run(*args)
        assert code == 1 and out == "" and "7" in err and err.count("\n") == 1, args


def test_disable_and_enable(subscribed: Run, feed_file: Path) -> None:
    _, out, _ = subscribed("rule", "add", "title:sponsored", "--action", "hide")
    assert subscribed("rule", "disable", out.strip())[0] == 0
    assert subscribed("rules")[1].rstrip("\n").endswith("\tdisabled")
    assert subscribed.json("rules")[0]["enabled"] is False
    add_entry(feed_file)
    subscribed("refresh")
    assert any(a["title"].startswith("Sponsored") for a in subscribed.json("articles"))
    assert subscribed("rule", "enable", out.strip())[0] == 0
    assert subscribed.json("rules")[0]["enabled"] is True


def test_smart_feeds(subscribed: Run) -> None:
    code, out, err = subscribed("smart", "add", "Crossings", "ferry", "OR", "bridge")
    assert (code, err) == (0, "")
    smart_id = int(out.strip())
    (found,) = subscribed.json("smart", "list")
    assert set(found) == SMART_FIELDS
    assert found == {"id": smart_id, "name": "Crossings", "query": "ferry OR bridge", "unread": 2}
    listed = subscribed.json("articles", "--smart", str(smart_id))
    assert all(set(a) == ARTICLE_FIELDS for a in listed)
    assert [a["title"] for a in listed] == [
        "Ferry service returns to the east landing", "Council weighs a second bridge over the estuary",
    ]
    ids = ids_by_title(subscribed)
    subscribed("read", str(ids["Ferry service returns to the east landing"]))
    assert subscribed.json("smart", "list")[0]["unread"] == 1
    assert len(subscribed.json("articles", "--smart", str(smart_id), "--unread")) == 1
    code, out, _ = subscribed("smart", "list")
    assert out == f"{smart_id}\tCrossings\tferry OR bridge\t1\n"
    code, out, _ = subscribed("articles", "--smart", str(smart_id))
    assert code == 0 and len(out.splitlines()) == 2
    assert subscribed("smart", "remove", str(smart_id)) == (0, "", "")
    assert subscribed.json("smart", "list") == []


def test_smart_feed_on_a_folder(subscribed: Run) -> None:
    _, out, _ = subscribed("smart", "add", "Towns", 'folder:"Local/Towns"')
    assert subscribed.json("smart", "list")[0]["unread"] == 3
    assert len(subscribed.json("articles", "--smart", out.strip())) == 3


def test_rejected_query_in_a_separate_process_has_no_traceback(data_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), "rule", "add", "is:saved -is:saved", "--action", "read"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 1
    assert done.stderr == "byline: is:saved and -is:saved cannot both apply; keep one\n"
