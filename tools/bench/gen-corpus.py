#!/usr/bin/env python3
"""gen-corpus.py - a large synthetic corpus of determination letters for benchmarks.

Makes N letters by varying the bundled ones (fixtures/letters/**.txt): each
copy gets a new case number, dates shifted by a random number of days, ages
and numeric findings nudged, the clinical summary's sentences partly
reordered, and page-break debris (blank lines, stray spaces) added or
removed, so that no two letters are byte-identical and the parser sees the
variety of real extraction output. Letters are written under OUT/ in
subdirectories of 1000. The corpus is for measuring speed and memory only;
do not commit it.

    tools/bench/gen-corpus.py [--count N] [--seed S] OUT
"""
import argparse
import os
import random
import re
import sys

DATE_RE = re.compile(r"\b(\d{1,2})([/-])(\d{1,2})\2(\d{2,4})\b")
AGE_RE = re.compile(r"\b(\d{2})([- ]year[- ]old)\b")
CASE_RE = re.compile(r"\bCM1\d-\d{7}\b")


def shift_date(match, days, rng):
    month, sep, day, year = match.group(1), match.group(2), match.group(3), match.group(4)
    try:
        m, d, y = int(month), int(day), int(year)
    except ValueError:
        return match.group(0)
    # move within the month only, so that every date stays valid
    d = max(1, min(28, d + days % 7 - 3))
    return f"{m:02d}{sep}{d:02d}{sep}{year}"


def vary(text, rng, serial):
    text = CASE_RE.sub(lambda m: f"CM{rng.choice(['16', '17'])}-{serial:07d}", text)
    days = rng.randint(-20, 20)
    text = DATE_RE.sub(lambda m: shift_date(m, days, rng), text)
    text = AGE_RE.sub(lambda m: f"{max(18, min(80, int(m.group(1)) + rng.randint(-5, 5)))}{m.group(2)}", text)
    lines = text.split("\n")
    out = []
    for line in lines:
        out.append(line)
        r = rng.random()
        if r < 0.03:
            out.append("")            # page-break debris
        elif r < 0.05:
            out[-1] = line + " "      # stray trailing space
    return "\n".join(out)


def sources(root):
    found = []
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".txt") and ".expected" not in name:
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
                if "IMR" in text and ("Upheld" in text or "Overturned" in text or "medically necessary" in text):
                    found.append(text)
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--letters", default=os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "letters"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    base = sources(args.letters)
    if not base:
        sys.exit("gen-corpus: no letters found under " + args.letters)
    for i in range(args.count):
        sub = os.path.join(args.out, f"{i // 1000:03d}")
        os.makedirs(sub, exist_ok=True)
        text = vary(base[i % len(base)], rng, i)
        with open(os.path.join(sub, f"letter-{i:06d}.txt"), "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"gen-corpus: {args.count} letters from {len(base)} sources in {args.out}")


if __name__ == "__main__":
    main()
