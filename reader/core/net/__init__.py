"""The network: one HTTP client with caps and a loopback guard, URL rules, discovery.

``fetch.Fetcher`` is the process's client (timeouts, size caps, redirects
checked hop by hop, conditional requests); ``proxy`` says which proxy a
request goes through and ``auth`` answers a feed's basic or digest challenge.
``urls`` says which addresses Byline will fetch; ``discover`` finds the feeds
and icon a web page offers. HTTP responses never leave this package: callers
get ``FetchResult`` values.
"""
