import sys

from cte_bot.cli import main

sys.exit(main(["ingest", *sys.argv[1:]]))
