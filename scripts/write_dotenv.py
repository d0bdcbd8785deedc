"""Write a development .env (DEBUG on, random SECRET_KEY) if none exists."""

import secrets
import sys
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
if not path.exists():
    path.write_text(
        "# Local development settings, written by `make`. Not committed.\n"
        "DEBUG=1\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n",
        encoding="utf-8",
    )
    print(f"wrote {path}")
