"""gunicorn settings for Hallway: `gunicorn conference.wsgi` picks this file up from the
project directory (or pass `-c gunicorn.conf.py`).

Every value comes from the environment so one image serves any host size:

GUNICORN_BIND       address to listen on (default 127.0.0.1:8000; behind a proxy keep loopback)
GUNICORN_WORKERS    worker processes (default: 2 per CPU core + 1, i.e. 5 on 2 cores).
                    Views mostly wait on PostgreSQL and Redis, so a few more processes than
                    cores keep the CPUs busy. Each worker holds its own psycopg pool of up
                    to DATABASE_POOL_MAX connections: keep workers × that × hosts under
                    PostgreSQL's max_connections.
GUNICORN_THREADS    threads per worker (default 1: sync workers). More threads share one
                    process's memory (the gthread worker) at the cost of the GIL.
GUNICORN_TIMEOUT    seconds before a stuck worker is killed and replaced (default 30).
GUNICORN_MAX_REQUESTS  recycle a worker after this many requests (default 2000, with jitter)
                    so slow memory growth never adds up; 0 turns it off.
GUNICORN_ACCESSLOG  "-" for stdout; unset for none (the proxy usually logs requests).
GUNICORN_FORWARDED_ALLOW_IPS  proxies trusted for X-Forwarded-Proto; default TRUSTED_PROXIES,
                    else 127.0.0.1 (README: Behind a reverse proxy).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = timeout
keepalive = 5  # seconds; a proxy or load generator reuses connections
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Not preloaded: each worker opens its own database pool after the fork.
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The proxies whose X-Forwarded-Proto gunicorn believes (HTTPS behind a TLS proxy). The
# same proxies as Django's TRUSTED_PROXIES, whose X-Forwarded-For gives the client address
# (gunicorn's REMOTE_ADDR is always the proxy): set one, both follow.
forwarded_allow_ips = (
    os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS")
    or os.environ.get("TRUSTED_PROXIES")
    or "127.0.0.1"
)
