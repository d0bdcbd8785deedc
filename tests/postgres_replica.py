"""A real streaming replica of this machine's PostgreSQL, for the replica tests.

`streaming_replica(primary_url)` takes a base backup of the primary's cluster with
`pg_basebackup -R` into a temporary directory, starts a second postgres on a free port
(socket in that directory) as a hot standby streaming from the primary, and stops and
deletes it afterwards. postgres refuses to run as root: under root the server runs as the
`postgres` user, which owns the directory.
"""

import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import environ
import psycopg

from .servers import free_port

BIN = Path("/usr/lib/postgresql/15/bin")
# A hot standby refuses to start with less of these than its primary has.
COPIED_SETTINGS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def connection_params(url):
    config = environ.Env.db_url_config(url)
    return {
        "host": config["HOST"] or "127.0.0.1",
        "port": int(config["PORT"] or 5432),
        "user": config["USER"] or "postgres",
        "dbname": config["NAME"],
    }


def query(url, sql, params=(), dbname=None):
    settings = connection_params(url) | ({"dbname": dbname} if dbname else {})
    with psycopg.connect(autocommit=True, connect_timeout=5, **settings) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def as_server_user(command):
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run(command, **kwargs):
    result = subprocess.run(as_server_user(command), capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{command[0]} failed: {result.stdout}{result.stderr}"


class Replica:
    def __init__(self, primary_url, directory, port):
        self.primary_url, self.directory, self.port = primary_url, directory, port
        self.data = directory / "data"

    def url(self, dbname):
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def sql(self, statement, params=(), dbname="postgres"):
        return query(self.url(dbname), statement, params)

    def pause(self, timeout=30):
        """Stop replaying, and prove it: a commit made afterwards arrives but is not replayed.
        (A pause may take effect a record late, so the proof is repeated until it holds.)"""
        self.sql("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + timeout
        while True:
            query(self.primary_url, "SELECT txid_current()", dbname="postgres")  # a commit
            (position,) = query(self.primary_url, "SELECT pg_current_wal_lsn()::text", dbname="postgres")[0]
            received, replayed = "pg_last_wal_receive_lsn() >= %s::pg_lsn", "pg_last_wal_replay_lsn() >= %s::pg_lsn"
            while not self.sql(f"SELECT {received}", [position])[0][0]:
                assert time.monotonic() < deadline, "the replica receives no WAL"
                time.sleep(0.02)
            if not self.sql(f"SELECT {replayed}", [position])[0][0]:
                return
            assert time.monotonic() < deadline, "the replica does not pause"

    def resume(self):
        self.sql("SELECT pg_wal_replay_resume()")

    def catch_up(self, timeout=30):
        """Wait until the replica has replayed everything the primary wrote before the call."""
        (position,) = query(self.primary_url, "SELECT pg_current_wal_lsn()::text", dbname="postgres")[0]
        deadline = time.monotonic() + timeout
        while not self.sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])[0][0]:
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)

    def start(self):
        run([str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "log"), "-w", "-t", "60", "start"])

    def stop(self, mode="fast"):
        status = subprocess.run(
            as_server_user([str(BIN / "pg_ctl"), "-D", str(self.data), "status"]), capture_output=True
        )
        if status.returncode == 0:  # running
            run([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def log(self):
        path = self.directory / "log"
        return path.read_text(errors="replace") if path.exists() else ""


def write_configuration(replica, primary_settings):
    lines = [
        "listen_addresses = '127.0.0.1'",
        f"port = {replica.port}",
        f"unix_socket_directories = '{replica.directory}'",
        "hot_standby = on",
        "shared_buffers = 16MB",
        "fsync = off",  # a throw-away copy
        *(f"{name} = {value}" for name, value in primary_settings),
    ]
    (replica.data / "postgresql.conf").write_text("\n".join(lines) + "\n")
    (replica.data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (replica.data / "pg_ident.conf").write_text("")


@contextmanager
def streaming_replica(primary_url):
    primary = connection_params(primary_url)
    primary_settings = query(
        primary_url, "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(COPIED_SETTINGS)]
    )
    directory = Path(tempfile.mkdtemp(prefix="jianggao-replica-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    replica = Replica(primary_url, directory, free_port())
    try:
        run(
            [
                str(BIN / "pg_basebackup"),
                *("-h", primary["host"], "-p", str(primary["port"]), "-U", primary["user"]),
                *("-D", str(replica.data), "-R", "-X", "stream"),
                *("--checkpoint=fast", "--no-sync", "--no-manifest"),
            ]
        )
        write_configuration(replica, primary_settings)
        if os.geteuid() == 0:
            for path in (replica.data / name for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf")):
                shutil.chown(path, "postgres", "postgres")
        replica.start()
        deadline = time.monotonic() + 30
        while replica.sql("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")[0][0] == 0:
            assert time.monotonic() < deadline, "the replica does not stream:\n" + replica.log()
            time.sleep(0.05)
        yield replica
    finally:
        try:
            replica.stop(mode="immediate")
        finally:
            shutil.rmtree(directory, ignore_errors=True)
