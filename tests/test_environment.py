"""CI runs the suite twice; these make sure each run really used the database it claims."""

import os
import subprocess
import sys

import pytest
from django.db import connection


def test_database_vendor_is_the_expected_one():
    expected = os.environ.get("EXPECT_DB_VENDOR")
    if expected is None:
        pytest.skip("EXPECT_DB_VENDOR not set (local run)")
    assert connection.vendor == expected


def _manage(*args):
    return subprocess.run([sys.executable, "manage.py", *args], capture_output=True, text=True, timeout=120)


def test_check_prints_no_warning():
    result = _manage("check")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_models_and_migrations_agree():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
