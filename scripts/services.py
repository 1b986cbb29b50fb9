"""Check (or, with ``ensure``, start) the production services the integration tests need.

python scripts/services.py check    # exit 1 with a hint when PostgreSQL or Redis is down
python scripts/services.py ensure   # start them with the machine's commands when down (CI)
"""

import os
import socket
import subprocess
import sys
import time

SERVICES = {
    "PostgreSQL": (
        "127.0.0.1",
        5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "Redis": (
        "127.0.0.1",
        6379,
        'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no '
        "--dir /var/lib/redis --logfile /var/log/redis/ci.log",
    ),
}


def is_up(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def ensure_database(url: str) -> None:
    """Create the database named in ``url`` when it is missing (pytest-django creates ``test_<name>`` from it)."""
    try:
        import psycopg
    except ImportError:  # the system Python of .ci/run has no driver; the venv's does
        return
    from urllib.parse import urlparse

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")


def main(argv: list[str]) -> int:
    mode = argv[1] if len(argv) > 1 else "check"
    failed = []
    for name, (host, port, start) in SERVICES.items():
        if is_up(host, port):
            continue
        if mode == "ensure":
            print(f"{name} is down; starting it: {start}")
            subprocess.run(start, shell=True, check=False, env=os.environ)  # noqa: S602 - fixed command, no input
            for _ in range(30):
                if is_up(host, port):
                    break
                time.sleep(1)
        if not is_up(host, port):
            failed.append(f"{name} is not reachable on {host}:{port}. Start it with: {start}")
    for line in failed:
        print(line, file=sys.stderr)
    if not failed and len(argv) > 2:
        ensure_database(argv[2])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
