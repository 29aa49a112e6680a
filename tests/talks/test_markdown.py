from talks.markdown import markdown_to_plain, render_markdown


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("Hello **world**\n\n- one\n- two\n\n[site](https://example.org)")
    assert "<strong>world</strong>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">site</a>' in html


def test_markdown_strips_scripts_event_handlers_and_javascript_links():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))'
        '<p style="color:red">styled</p>'
    )
    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "style=" not in html
    assert "<img" not in html


def test_markdown_of_empty_text_is_empty():
    assert render_markdown("") == ""


def test_markdown_to_plain_keeps_link_text_and_drops_markup():
    text = "Used **Python** and `docker` to build [tmpnb](https://x.org/tmpnb).\n# Title"
    assert markdown_to_plain(text) == "Used Python and docker to build tmpnb.\nTitle"
