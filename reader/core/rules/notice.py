"""The one desktop notification after a refresh or a sync: what arrived, grouped, never one per article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from reader.core.models import FeedResult, Notice, Rule, SyncResult
from reader.i18n import _, ngettext

NOTICE_FEEDS = 3  # feeds named in a summary; the rest are "N more from M feeds"


def notice(results: Iterable[FeedResult | SyncResult], rules: Sequence[Rule], mode: str) -> Notice | None:
    """The notification for a refresh's (or a sync's) results, or None when there is nothing to say.

    A sync's new articles are grouped under its account's name.

    Args:
        rules: the rules (for their names).
        mode: "summary" (every new listed article, grouped by notify rule, then by feed),
            "rules" (only what notify rules matched), or "off".
    """
    if mode == "off":
        return None
    results = list(results)
    names = {r.id: r.name for r in rules}
    by_rule: dict[int, list[int]] = {}
    for result in results:
        for rule_id, article_id in result.flagged:
            by_rule.setdefault(rule_id, []).append(article_id)
    flagged_ids = sorted({i for ids in by_rule.values() for i in ids}, reverse=True)
    rule_lines = [
        f"{names.get(rule_id) or _('rule %(id)s') % {'id': rule_id}}: {len(ids)}"
        for rule_id, ids in sorted(by_rule.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    if mode == "rules":
        if not flagged_ids:
            return None
        n = len(flagged_ids)
        title = ngettext("%(n)d new article for your rules", "%(n)d new articles for your rules", n) % {"n": n}
        return Notice(title, "\n".join(rule_lines), tuple(flagged_ids))
    fresh: Counter[tuple[str, int]] = Counter()
    titles: dict[tuple[str, int], str] = {}
    for r in results:
        if r.fresh:
            key = ("feed", r.feed_id) if isinstance(r, FeedResult) else ("account", r.account_id)
            fresh[key] += len(r.fresh)
            titles[key] = (r.title or r.url) if isinstance(r, FeedResult) else r.name
    every = sorted({i for r in results for i in r.fresh} | set(flagged_ids), reverse=True)
    if not every:
        return None
    feed_lines = [f"{titles[key]}: {count}" for key, count in fresh.most_common(NOTICE_FEEDS)]
    rest = fresh.most_common()[NOTICE_FEEDS:]
    if rest:
        more = sum(count for _title, count in rest)
        other = ngettext("%(more)d more from %(n)d other feed", "%(more)d more from %(n)d other feeds", len(rest))
        feed_lines.append(other % {"more": more, "n": len(rest)})
    n = len(every)
    return Notice(ngettext("%(n)d new article", "%(n)d new articles", n) % {"n": n}, "\n".join(rule_lines + feed_lines), tuple(every))



__all__ = ["NOTICE_FEEDS", "notice"]
