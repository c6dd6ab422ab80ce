"""The parsers' caches keep short strings only, so that their size in bytes stays bounded
whatever they are given (``parsing.caching``)."""

from parsing.action_dump import _label_key
from parsing.caching import short_string_cache
from parsing.naming import _word_key, match_key


def test_short_strings_are_cached_and_long_ones_computed_each_time():
    calls = []

    @short_string_cache(maxsize=8, max_length=5)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [shout("abc"), shout("abc"), shout("abcdef"), shout("abcdef")] == [
        "ABC", "ABC", "ABCDEF", "ABCDEF",
    ]  # fmt: skip
    assert calls == ["abc", "abcdef", "abcdef"]
    assert shout.cache_info().currsize == 1


def test_a_long_word_is_keyed_without_being_cached():
    match_key("court")  # cached, if it was not
    before = _word_key.cache_info()

    assert match_key(f"{'Été' * 1000} court") == f"{'ete' * 1000} court"

    after = _word_key.cache_info()
    # Only "court" went through the cache (a hit): the 3,000-letter word did not.
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


def test_a_long_line_of_a_dump_is_keyed_without_being_cached():
    heading, text = "- Public(s) :", "Un atelier pour les familles du quartier. " * 4
    _label_key(heading)
    before = _label_key.cache_info()

    assert _label_key(heading) == "public(s)"
    assert _label_key(text) == _label_key(text) == text.strip().lower().rstrip(".")

    after = _label_key.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
