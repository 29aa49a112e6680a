"""validate_uri lets through only what JSON Schema's "format": "uri" accepts (after as_uri)."""

import jsonschema
import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from conference.validators import as_uri, as_uri_or_none, validate_uri

FORMAT_CHECKER = jsonschema.FormatChecker()


def _accepted(url: str) -> bool:
    """What a model URLField with validate_uri accepts: Django's checks, then ours."""
    try:
        URLValidator()(url)
        validate_uri(url)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("char", ['"', "<", ">", "\\", "{", "}", "|", "^", "`", "\x00", "\x1b"])
def test_validate_uri_names_the_character_it_refuses(char):
    with pytest.raises(ValidationError) as error:
        validate_uri(f"https://example.org/a{char}b")
    assert error.value.code == "invalid_uri_characters"
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    assert shown in error.value.messages[0]


@pytest.mark.parametrize(
    "url", ["https://example.org/100%", "https://example.org/%g1", "https://a.example/#x#y"]
)
def test_validate_uri_refuses_stray_percent_and_hash(url):
    with pytest.raises(ValidationError) as error:
        validate_uri(url)
    assert error.value.code == "invalid_uri"


def test_validate_uri_refuses_a_host_idna_cannot_encode():
    with pytest.raises(ValidationError) as error:
        validate_uri("https://" + "ü" * 70 + ".example/")
    assert error.value.code == "invalid_uri_host"


def test_as_uri_writes_idn_hosts_in_idna_and_percent_encodes_the_rest():
    url = "https://kyle:pä@bücher.example:8443/straße?q=ü&x=1#teil"
    assert (
        as_uri(url)
        == "https://kyle:p%C3%A4@xn--bcher-kva.example:8443/stra%C3%9Fe?q=%C3%BC&x=1#teil"
    )
    assert as_uri("https://example.org/a?b=c;d#e") == "https://example.org/a?b=c;d#e"


def test_as_uri_or_none_hides_a_stored_value_that_is_no_uri():
    assert as_uri_or_none("https://example.org/100%zz") is None
    assert as_uri_or_none('https://example.org/"x') == "https://example.org/%22x"
    assert as_uri_or_none("https://bücher.example/") == "https://xn--bcher-kva.example/"


URL_TAILS = st.text(
    alphabet=st.sampled_from(
        [*"abcXYZ019-._~:/?#[]@!$&'()*+,;=%\"<>\\^`{|} \t", "ü", "é", "\u202e", "\x07"]
    ),
    max_size=30,
)
HOSTS = st.sampled_from(["example.org", "bücher.example", "127.0.0.1:8000", "[::1]", "例え.テスト"])


@settings(max_examples=400, deadline=None)
@given(host=HOSTS, tail=URL_TAILS)
def test_whatever_validate_uri_accepts_is_a_json_schema_uri_once_written_as_uri(host, tail):
    url = f"https://{host}/{tail}"
    if _accepted(url):
        assert FORMAT_CHECKER.conforms(as_uri(url), "uri"), url
