"""API viewsets, one module per area; talks.api.urls registers them on the router."""
