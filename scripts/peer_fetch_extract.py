"""The peer of `storyline bench watch`: the same article pages from the loopback
sites fetched with Python's `urllib` (trafilatura's own `fetch_url` refuses
loopback addresses) and extracted with trafilatura's `extract`, on N worker
processes, so that Storyline's watch rate has a reference measured in the same
session on the same machine.

    python peer_fetch_extract.py URLS_FILE WORKERS RUNS

The peer does less than a watch: no feeds, robots.txt, canonical addresses,
clustering, briefings or storing. Prints the median articles/s over RUNS runs.
"""
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor

import trafilatura


def fetch_and_extract(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        html = response.read().decode("utf-8", errors="replace")
    return bool(trafilatura.extract(html))


def main():
    urls = open(sys.argv[1], encoding="utf-8").read().split()
    workers, runs = int(sys.argv[2]), int(sys.argv[3])
    rates = []
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(fetch_and_extract, urls[:workers]))  # start the workers
        for _ in range(runs):
            started = time.perf_counter()
            extracted = sum(pool.map(fetch_and_extract, urls))
            rates.append(extracted / (time.perf_counter() - started))
    print(f"{statistics.median(rates):.1f} articles/s ({extracted} of {len(urls)} extracted, "
          f"trafilatura {trafilatura.__version__}, {workers} process{'' if workers == 1 else 'es'})")


if __name__ == "__main__":
    main()
