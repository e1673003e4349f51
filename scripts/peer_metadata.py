"""The peer of the metadata line `storyline eval extract` prints: each page of an
extraction benchmark read by trafilatura's `extract_metadata` (its default
settings), its title and date compared with the benchmark's recorded ones
exactly as Storyline's are (`metadata_report` in crates/storyline-cli/src/eval.rs):
a title is right when it equals the recorded one, case, spacing and typographic
apostrophes aside; a date when the recorded one starts with it.

    python peer_metadata.py BENCHMARK_DIR
"""
import gzip
import json
import os
import sys

from trafilatura import extract_metadata


def simple(text):
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).lower()


def recorded(entry, names):
    for name in names:
        value = entry.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def page_html(folder, page):
    for name, opener in ((page + ".html.gz", gzip.open), (page + ".html", open)):
        path = os.path.join(folder, "html", name)
        if os.path.exists(path):
            with opener(path, "rb") as file:
                return file.read().decode("utf-8", errors="replace")
    return None


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "ground-truth.json"), encoding="utf-8") as file:
        truth = json.load(file)
    dates = dated = titles = titled = 0
    for page, entry in truth.items():
        if not isinstance(entry, dict):
            continue
        date, title = recorded(entry, ["publish_date", "date"]), recorded(entry, ["title"])
        if date is None and title is None:
            continue
        html = page_html(folder, page)
        try:
            found = extract_metadata(html, default_url=entry.get("url")) if html else None
        except Exception:  # a page the peer cannot read counts as wrong, as ours would
            found = None
        if date is not None:
            dated += 1
            ours = (found.date or "") if found else ""
            dates += bool(ours) and date.startswith(ours[:10])
        if title is not None:
            titled += 1
            ours = (found.title or "") if found else ""
            titles += simple(ours) == simple(title)
    parts = []
    if dated:
        parts.append(f"date right on {dates} of {dated}")
    if titled:
        parts.append(f"title right on {titles} of {titled}")
    print("trafilatura metadata: " + ("; ".join(parts) if parts else "no recorded dates or titles"))


if __name__ == "__main__":
    main()
