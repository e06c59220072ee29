"""Rules and smart feeds: queries in the search language that sort the inbox.

``engine`` is what runs: the enabled rules on every new article inside the
transaction that stores it (a feed's write, a sync's batch), a rule over the
whole library on request, smart feeds added and changed (the store keeps their
matches and counts). ``notice`` makes a refresh's one notification; ``facade``
is the part of ``Library`` that front ends call.
"""

from reader.core.rules.engine import (
    ActiveRule,
    Arrival,
    ArrivingWrite,
    RuleSet,
    action_of,
    add_rule,
    add_smart_feed,
    apply_rule,
    criteria_of,
    run_on_arrival,
    update_rule,
    update_smart_feed,
)
from reader.core.rules.notice import notice

__all__ = [
    "ActiveRule",
    "Arrival",
    "ArrivingWrite",
    "RuleSet",
    "action_of",
    "add_rule",
    "add_smart_feed",
    "apply_rule",
    "criteria_of",
    "notice",
    "run_on_arrival",
    "update_rule",
    "update_smart_feed",
]
