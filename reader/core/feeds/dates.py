"""Feed dates: a date string as the moment it names, or None. Never a guess.

Every format reads its dates here (RSS and Atom on both XML paths, JSON Feed),
so one rule decides what a date is: ISO 8601 / W3CDTF / RFC 3339 (reduced
precision such as "2025-06" included, and ISO week dates), RFC 822 / 2822, and
the rarer forms feedparser knows (asctime, Perforce, Greek, Hungarian, Korean),
through those of its readers that check their fields.

Impossible values are not a date: month 13, 30 February, hour 25, a zone more
than 14 hours from UTC. feedparser's lenient ISO reader rolls those over
("2025-13-45" becomes a January of the next year) and reads a prefix of
anything ("-2025-01-01" as day 202 of the current year); it is never asked.
An entry without a date is ordered by when Byline first saw it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Literal

__all__ = ["read_date"]

_Reading = datetime | None | Literal[False]  # False: not this form; None: this form, but impossible

MAX_OFFSET = timedelta(hours=14)  # no zone on Earth is further from UTC
MAX_CHARS = 200

_ISO = re.compile(
    r"(?P<y>\d{4})(?:(?P<sep>-?)(?P<mo>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?)?"
    r"(?:[Tt ]\s*(?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?|UTC|GMT|UT)?"
)
_ISO_WEEK = re.compile(r"(?P<y>\d{4})-?W(?P<w>\d{2})(?:-?(?P<wd>\d))?")
_ISO_ORDINAL = re.compile(r"(?P<y>\d{4})-(?P<o>\d{3})")
_RFC822 = re.compile(
    r"(?:[A-Za-z]{2,9}\.?,?\s+)?(?P<d>\d{1,2})[\s-]+(?P<mon>[A-Za-z]{3,9})\.?[\s-]+(?P<y>\d{4}|\d{2})"
    r"(?:,?\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d{1,9})?)?"
    r"(?:\s*(?P<zone>[+-]\d{2}:?\d{2}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5}))?)?"
)
_PERFORCE = re.compile(
    r"[A-Za-z]{3}, (?P<y>\d{4})/(?P<mo>\d{1,2})/(?P<d>\d{1,2}) (?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2})"
    r"(?: (?P<zone>[A-Za-z]{1,5}))?"
)
# The two forms nearly every feed uses, read first and with the least work.
_FAST_RFC822 = re.compile(
    r"(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|UTC|UT|Z|[+-]\d{4})"
)
_FAST_W3DTF = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})")
_DIGITS = re.compile(r"(?<!\d)\d{2}(?!\d)|(?<!\d)\d{4}(?!\d)")
_NUMERIC_ZONE = re.compile(r"([+-])(\d{1,2})(?::?(\d{2}))?")
_ANY_NUMERIC_ZONE = re.compile(r"[+-](\d{2}):?(\d{2})\s*$")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_FULL_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "sept",
}
# RFC 822 and the North American names feedparser knows; military letters for +-1 and +-12.
_ZONES = {
    "z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0, "bst": 1, "cet": 1, "met": 1, "cest": 2, "mest": 2, "eet": 2,
    "eest": 3, "adt": -3, "ast": -4, "at": -4, "edt": -4, "est": -5, "et": -5, "cdt": -5, "cst": -6, "ct": -6,
    "mdt": -6, "mst": -7, "mt": -7, "pdt": -7, "pst": -8, "pt": -8, "a": -1, "n": 1, "m": -12, "y": 12,
}


def read_date(value: object) -> datetime | None:
    """The moment a feed's date string names, in UTC; None when it names none.

    A time without a zone is read as UTC; a date without a time as its midnight
    (UTC). Two-digit years are 19xx from 90 up, else 20xx (feedparser's rule).
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_CHARS:
        return None
    fast = _fast(text)
    if fast is not False:
        return fast
    for reader in (_iso, _iso_week, _iso_ordinal, _rfc822, _perforce):
        found = reader(text)
        if found is not False:
            return found
    return _feedparser_forms(text)


def _fast(text: str) -> _Reading:
    m = _FAST_W3DTF.fullmatch(text)
    if m is not None:
        y, mo, d, h, mi, sec, zone = m.groups()
        month = int(mo)
    else:
        m = _FAST_RFC822.fullmatch(text)
        if m is None or m[2].lower() not in _MONTHS:
            return False
        d, name, y, h, mi, sec, zone = m.groups()
        month = _MONTHS[name.lower()]
    if zone in ("Z", "GMT", "UTC", "UT"):
        offset = timedelta()
    else:
        minutes = int(zone[-2:])
        if minutes >= 60:
            return None
        offset = timedelta(hours=int(zone[1:3]), minutes=minutes)
        if zone[0] == "-":
            offset = -offset
    return _moment(int(y), month, int(d), int(h), int(mi), int(sec), offset)


def _moment(
    y: int, mo: int, d: int, h: int, mi: int, s: int, offset: timedelta, fraction: str | None = None
) -> datetime | None:
    if abs(offset) > MAX_OFFSET:
        return None
    if s == 60:  # a leap second names the last second of its minute
        s = 59
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return datetime(y, mo, d, h, mi, s, micro, tzinfo=UTC) - offset
    except (ValueError, OverflowError):
        return None


def _offset(zone: str | None) -> timedelta | None:
    """A zone as an offset from UTC; None for a numeric zone that cannot be (minutes 60 or more)."""
    if not zone:
        return timedelta()
    low = zone.lower()
    if low.startswith(("gmt", "utc")) and len(low) > 3:
        low = low[3:]
    match = _NUMERIC_ZONE.fullmatch(low)
    if match:
        sign, hours, minutes = match.groups()
        if minutes is not None and int(minutes) >= 60:
            return None
        span = timedelta(hours=int(hours), minutes=int(minutes or 0))
        return span if sign == "+" else -span
    return timedelta(hours=_ZONES.get(low, 0))  # an unknown name: RFC 2822 says read it as UTC


def _iso(text: str) -> _Reading:
    m = _ISO.fullmatch(text)
    if m is None:
        return False
    if not m["sep"] and m["mo"] and (not m["d"] or len(m["mo"]) + len(m["d"]) != 4):  # "202506" is not a date
        return False
    offset = _offset(m["zone"])
    if offset is None:
        return None
    return _moment(
        int(m["y"]), int(m["mo"] or 1), int(m["d"] or 1), int(m["h"] or 0), int(m["mi"] or 0), int(m["s"] or 0),
        offset, m["f"],
    )


def _iso_week(text: str) -> _Reading:
    m = _ISO_WEEK.fullmatch(text)
    if m is None:
        return False
    try:
        day = date.fromisocalendar(int(m["y"]), int(m["w"]), int(m["wd"] or 1))
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _iso_ordinal(text: str) -> _Reading:
    m = _ISO_ORDINAL.fullmatch(text)
    if m is None:
        return False
    year, ordinal = int(m["y"]), int(m["o"])
    start = datetime(year, 1, 1, tzinfo=UTC)
    moment = start + timedelta(days=ordinal - 1)
    return moment if ordinal >= 1 and moment.year == year else None


def _month(name: str) -> int | None:
    low = name.lower()
    if len(low) > 3 and low not in _FULL_MONTHS:
        return None
    return _MONTHS.get(low[:3])


def _year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        year += 1900 if year >= 90 else 2000
    return year


def _rfc822(text: str) -> _Reading:
    m = _RFC822.fullmatch(text)
    if m is None:
        return False
    month = _month(m["mon"])
    offset = _offset(m["zone"])
    if month is None:
        return False
    if offset is None:
        return None
    return _moment(_year(m["y"]), month, int(m["d"]), int(m["h"] or 0), int(m["mi"] or 0), int(m["s"] or 0), offset)


def _perforce(text: str) -> _Reading:
    m = _PERFORCE.fullmatch(text)
    if m is None:
        return False
    offset = _offset(m["zone"])
    if offset is None:
        return None
    return _moment(int(m["y"]), int(m["mo"]), int(m["d"]), int(m["h"]), int(m["mi"]), int(m["s"]), offset)


def _feedparser_forms(text: str) -> datetime | None:
    """The rarer forms, through feedparser's readers that build a real datetime (and so refuse 30 February)."""
    zone = _ANY_NUMERIC_ZONE.search(text)
    if zone and (timedelta(hours=int(zone[1]), minutes=int(zone[2])) > MAX_OFFSET or int(zone[2]) >= 60):
        return None
    try:
        from feedparser.datetimes.asctime import _parse_date_asctime
        from feedparser.datetimes.greek import _parse_date_greek
        from feedparser.datetimes.hungarian import _parse_date_hungarian
        from feedparser.datetimes.korean import _parse_date_nate, _parse_date_onblog
        from feedparser.datetimes.rfc822 import _parse_date_rfc822
    except ImportError:  # pragma: no cover - feedparser is a dependency
        return None
    for reader in (_parse_date_rfc822, _parse_date_asctime, _parse_date_greek, _parse_date_hungarian,
                   _parse_date_nate, _parse_date_onblog):
        try:
            parsed = reader(text)
        except (KeyError, OverflowError, ValueError, AttributeError, IndexError, TypeError):
            continue
        if parsed:
            y, mo, d, h, mi, sec = (int(v) for v in parsed[:6])
            try:
                moment = datetime(y, mo, d, h, mi, sec, tzinfo=UTC)
            except (ValueError, OverflowError):
                return None
            return moment if _names_year(text, moment) else None
    return None


def _names_year(text: str, moment: datetime) -> bool:
    """Whether ``text`` writes the year of ``moment`` (four digits, or two), so the reader guessed none.

    feedparser's lenient readers take "5" for 2005 and skip what they cannot
    read; a moment whose year the text does not write is a guess. A zone may
    move a date written on 31 December or 1 January into the next or last year.
    """
    years = {moment.year}
    if (moment.month, moment.day) in ((1, 1), (12, 31)):
        years |= {moment.year - 1, moment.year + 1}
    numbers = set(_DIGITS.findall(text))
    return any(f"{y:04d}" in numbers or f"{y % 100:02d}" in numbers for y in years)
