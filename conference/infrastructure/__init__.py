"""Infrastructure, not domain: the page cache and its Redis backend, warm-up, database
routing, security middleware, rate limits and redirect checks."""
