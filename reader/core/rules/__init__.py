"""Rules and smart feeds: queries in the search language that sort the inbox.

``engine`` is what runs: the enabled rules on every new article inside the
transaction that stores it (a feed's write, a sync's batch), a rule over the
whole library on request, smart feeds added and changed (the store keeps their
matches and counts). ``notice`` makes a refresh's one notification; ``facade``
is the part of ``Library`` that front ends call.

Import from the modules themselves: this file re-exports nothing (one list of
names, in ``engine``, rather than a copy of it here).
"""
