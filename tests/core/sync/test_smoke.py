from tests.core.sync.conftest import add

def test_first_sync(account):
    fid = account.feed("news", 5, category="News")
    account.feed("misc", 3)
    lib = account.library()
    aid = add(lib, account)
    feeds = {f.title: f for f in lib.feeds()}
    print(feeds)
    print(lib.accounts())
    arts = lib.articles()
    assert len(arts) == 8
