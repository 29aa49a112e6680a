import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-for-checking-only-0123456789abcdef",
    "ALLOWED_HOSTS": "hallway.example.org",
    "DATABASE_URL": "sqlite:////tmp/hallway-check-deploy.sqlite3",
    "EMAIL_URL": "smtp+tls://hallway:secret@smtp.example.org:587",
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "backend",
    [
        "django.tasks.backends.immediate.ImmediateBackend",
        "django.tasks.backends.dummy.DummyBackend",
    ],
)
def test_check_deploy_errors_with_an_in_process_task_backend(backend):
    # E-mail and webhooks would run inside web requests (or never): not in production.
    env = {**PRODUCTION_ENV, "TASKS_BACKEND": backend}
    result = _manage("check", "--deploy", env=env)
    assert result.returncode == 1
    assert "hallway.E018" in result.stderr


def test_check_deploy_allows_the_immediate_backend_in_development():
    env = {**PRODUCTION_ENV, "DEBUG": "1", "TASKS_BACKEND": ""}
    result = _manage("check", "--deploy", env=env)
    assert "hallway.E018" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_the_app_server_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", "import conference.wsgi"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_migrations_check_runs_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        (
            "redis://127.0.0.1:6379/1",
            "conference.infrastructure.cache_backends.ResilientRedisCache",
        ),
        ("locmemcache://", "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_cache_url_selects_the_backend(url, backend):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = _manage("shell", "-c", code, env={"DEBUG": "1", "CACHE_URL": url})
    assert result.stdout.strip().splitlines()[-1] == backend


def test_debug_toolbar_only_in_development():
    code = (
        "from django.conf import settings; "
        "print('debug_toolbar' in settings.INSTALLED_APPS, "
        "any('debug_toolbar' in m for m in settings.MIDDLEWARE))"
    )
    asked = _manage("shell", "-c", code, env={"DEBUG": "1", "DEBUG_TOOLBAR": "1"})
    assert asked.stdout.strip().splitlines()[-1] == "True True"
    # Off by default in development too: it covers every page of `make run`.
    development = _manage("shell", "-c", code, env={"DEBUG": "1", "DEBUG_TOOLBAR": ""})
    assert development.stdout.strip().splitlines()[-1] == "False False"
    production = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert production.stdout.strip().splitlines()[-1] == "False False"


def test_gunicorn_config_reads_workers_from_the_environment():
    code = (
        "import runpy; c = runpy.run_path('gunicorn.conf.py'); "
        "print(c['workers'], c['threads'], c['worker_class'], c['bind'], c['preload_app'])"
    )
    env = {
        **os.environ,
        "GUNICORN_WORKERS": "3",
        "GUNICORN_THREADS": "4",
        "GUNICORN_BIND": "127.0.0.1:8602",
    }
    result = subprocess.run(  # noqa: S603 - our own config file
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["3", "4", "gthread", "127.0.0.1:8602", "False"]
    default = subprocess.run(  # noqa: S603 - our own config file
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert default.stdout.split()[:3] == [str(2 * (os.cpu_count() or 1) + 1), "1", "sync"]


def test_site_url_follows_the_port_of_make_run():
    code = "from django.conf import settings; print(settings.SITE_URL)"
    clean = {"DEBUG": "1", "SITE_URL": "", "PORT": "8123"}
    result = _manage("shell", "-c", code, env=clean)
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8123"
    makefile = (ROOT / "Makefile").read_text()
    assert "SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}" in makefile


def test_gunicorn_trusts_the_same_proxies_as_django():
    code = "import runpy; print(runpy.run_path('gunicorn.conf.py')['forwarded_allow_ips'])"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    result = subprocess.run(  # noqa: S603 - our own config file
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "TRUSTED_PROXIES": "10.0.0.2,10.0.0.3"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "10.0.0.2,10.0.0.3"
