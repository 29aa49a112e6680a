"""Markdown keeps its safe formatting and loses everything else.

Finds every template filter whose name mentions markdown (the website's renderer, whatever
its library is called) and checks each; skipped while no such filter exists on the branch.
"""

import pytest
from django.template import engines

from tests.hostile import MARK, XSS_PAYLOADS
from tests.security.html_safety import executable_markup


def _markdown_filters():
    engine = engines["django"].engine
    found = []
    for library_name, module_path in engine.get_template_libraries(engine.libraries).items():
        del module_path
        library = engine.template_libraries[library_name]
        found += [
            pytest.param(function, id=f"{library_name}.{name}")
            for name, function in library.filters.items()
            if "markdown" in name.lower()
        ]
    return found or [pytest.param(None, id="none-yet")]


@pytest.fixture(params=_markdown_filters())
def render(request):
    if request.param is None:
        pytest.skip("no markdown template filter on this branch yet")
    return lambda text: str(request.param(text))


def test_markdown_keeps_its_safe_formatting(render):
    html = render("Some **bold**, *emphasis*, `code` and a [link](https://example.org/).")
    assert "<strong>bold</strong>" in html
    assert "<em>emphasis</em>" in html
    assert "<code>code</code>" in html
    assert 'href="https://example.org/"' in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_never_outputs_executable_markup(render, payload):
    html = render(payload)
    assert not executable_markup(f"<div>{html}</div>"), html
    assert f"<script>{MARK}" not in html
