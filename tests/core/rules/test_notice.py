"""The one notification of a refresh: grouped by notify rule, then by feed (or account); never per article."""

from __future__ import annotations

from reader.core.models import FeedResult, FeedStatus, Rule, RuleAction, SyncResult
from reader.core.rules.notice import notice


def result(feed_id: int, title: str, fresh: tuple[int, ...], flagged: tuple[tuple[int, int], ...] = ()) -> FeedResult:
    return FeedResult(feed_id=feed_id, url=f"https://{feed_id}.example/f", status=FeedStatus.UPDATED, new=len(fresh),
                      title=title, fresh=fresh, flagged=flagged)


RULES = [Rule(1, "NATO", "nato", RuleAction.NOTIFY), Rule(2, "Storms", "storm", RuleAction.NOTIFY)]
RESULTS = [
    result(1, "World", (1, 2, 3, 4), ((1, 2), (1, 3), (2, 4))),
    result(2, "Local", (5,)),
    result(3, "Sport", (6, 7)),
    result(4, "Tech", (8,)),
    result(5, "Food", (9,)),
    result(6, "Quiet", ()),
]


def test_summary_groups_by_rule_then_by_feed() -> None:
    found = notice(RESULTS, RULES, "summary")
    assert found is not None
    assert found.title == "9 new articles"
    assert found.body.splitlines() == ["NATO: 2", "Storms: 1", "World: 4", "Sport: 2", "Local: 1", "2 more from 2 other feeds"]
    assert found.article_ids == (9, 8, 7, 6, 5, 4, 3, 2, 1)


def test_rules_only_names_what_notify_rules_matched() -> None:
    found = notice(RESULTS, RULES, "rules")
    assert found is not None
    assert (found.title, found.body, found.article_ids) == ("3 new articles for your rules", "NATO: 2\nStorms: 1", (4, 3, 2))
    assert notice(RESULTS[1:], RULES, "rules") is None


def test_nothing_to_say_or_off_is_no_notification() -> None:
    assert notice(RESULTS, RULES, "off") is None
    assert notice([result(1, "World", ())], RULES, "summary") is None
    one = notice([result(1, "World", (7,))], RULES, "summary")
    assert one is not None and (one.title, one.body) == ("1 new article", "World: 1")




def test_a_sync_counts_under_its_account() -> None:
    synced = SyncResult(account_id=1, name="Miniflux", new_articles=3, fresh=(20, 21, 22), flagged=((1, 21),))
    found = notice([synced, result(1, "World", (5,))], RULES, "summary")
    assert found is not None
    assert found.body.splitlines() == ["NATO: 1", "Miniflux: 3", "World: 1"]
    assert found.article_ids == (22, 21, 20, 5)
