"""``python -m crawler.sample_portals [names…] [--big N]``: serve portals until Ctrl-C."""
from __future__ import annotations

import argparse
import time

from . import PORTALS, serve_portals


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m crawler.sample_portals", description=__doc__)
    ap.add_argument("names", nargs="*", help=f"portals to serve (default: all of {sorted(PORTALS)} "
                                             "except 'big')")
    ap.add_argument("--big", type=int, default=1000, help="article count of the 'big' portal")
    ap.add_argument("--host-prefix", default="127.0.0.")
    args = ap.parse_args(argv)
    with serve_portals(args.names or None, host_prefix=args.host_prefix,
                       big_articles=args.big) as running:
        for p in running:
            print(f"{p.name}\t{p.family}\t{p.base_url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
