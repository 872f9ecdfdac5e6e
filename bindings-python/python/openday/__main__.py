"""``python -m openday``: the ``openday`` command (see ``openday --help``)."""

from __future__ import annotations

import sys

from openday._openday import cli_main


def main() -> None:
    """Run the ``openday`` command with this process's arguments."""
    sys.exit(cli_main(["openday", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
