from hypothesis import given
from hypothesis import strategies as st

from pipelines.urls import article_id, canonicalize_url, host_of


def test_canonical_form_drops_decoration():
    url = "HTTPS://News.Example.COM:443/Tech/Story/?utm_source=rss&b=2&a=1&fbclid=x#comments"
    assert canonicalize_url(url) == "https://news.example.com/Tech/Story?a=1&b=2"


def test_default_ports_and_slashes():
    assert canonicalize_url("http://example.com:80//a//b/") == "http://example.com/a/b"
    assert canonicalize_url("http://example.com:8080/") == "http://example.com:8080/"
    assert canonicalize_url("https://example.com") == "https://example.com/"


def test_tracking_parameters_removed_but_real_ones_kept():
    url = "https://example.com/a?id=7&gclid=1&utm_medium=feed&mc_cid=2&page=2"
    assert canonicalize_url(url) == "https://example.com/a?id=7&page=2"


def test_percent_encoding_is_normalised():
    assert canonicalize_url("https://example.com/%7Euser/a%20b") == canonicalize_url(
        "https://example.com/~user/a b"
    )


def test_same_article_same_id():
    a = article_id("https://example.com/story?utm_source=x")
    assert a == article_id("https://EXAMPLE.com/story/#top")
    assert len(a) == 16 and a != article_id("https://example.com/other")


def test_host_of():
    assert host_of("https://News.Example.com/x") == "news.example.com"


_hosts = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}(\.[A-Za-z]{2,5}){1,2}", fullmatch=True)
_paths = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
_query = st.lists(
    st.tuples(st.sampled_from(["a", "utm_source", "id", "fbclid", "q"]), st.text(max_size=5)),
    max_size=4,
)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP"]),
    host=_hosts,
    port=st.sampled_from(["", ":80", ":443", ":8080"]),
    path=_paths,
    query=_query,
    fragment=st.text(max_size=5),
)
def test_canonicalisation_is_idempotent(scheme, host, port, path, query, fragment):
    from urllib.parse import quote, urlencode

    url = f"{scheme}://{host}{port}/{quote(path)}?{urlencode(query)}#{fragment}"
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once
