"""The website's HTML views, one module per page family (routes in talks/urls.py)."""
