#!/usr/bin/env python3
"""Count the words of a corpus into a rule file of kind word-frequency.

    tools/wordfreq.py [--min-count N] [--corpus TEXT] FILE... > rules/word-frequency.yaml

Each FILE is plain text (a letter or clinical note as pdftotext gives it).
Words are runs of ASCII letters and digits, folded to lower case, as the
prefilter's atoms are; the file records their counts and the size of the
text counted, from which the loader works out how often any short string
occurs inside words (src/lib/wordfreq.h). Only the speed of the searches
depends on these figures, never what they find: docs/performance.md.
"""
import argparse
import collections
import re
import sys
import textwrap

WORD = re.compile(rb"[a-z0-9]+")


def count(paths):
    words = collections.Counter()
    size = 0
    for path in paths:
        with open(path, "rb") as f:
            text = f.read().lower()
        size += len(text)
        words.update(w.decode("ascii") for w in WORD.findall(text))
    return words, size


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", help="text files to count")
    ap.add_argument("--min-count", type=int, default=3,
                    help="leave out words seen fewer times (default 3)")
    ap.add_argument("--corpus", default="",
                    help="one line saying what was counted, for the file's description")
    args = ap.parse_args()
    words, size = count(args.files)
    kept = sorted(((n, w) for w, n in words.items() if n >= args.min_count and len(w) <= 64),
                  key=lambda x: (-x[0], x[1]))
    out = sys.stdout
    out.write("# How often words occur in the text imrcheck reads, for the choice of\n")
    out.write("# each pattern's atoms (docs/performance.md, \"Atoms weighed by counted\n")
    out.write("# words\"). Written by tools/wordfreq.py; only speed depends on it.\n")
    out.write("kind: word-frequency\n")
    desc = args.corpus or "%d text files" % len(args.files)
    desc = "%s; words seen at least %d times." % (desc, args.min_count)
    out.write("description: >-\n%s\n" % textwrap.fill(desc, 78, initial_indent="  ", subsequent_indent="  "))
    out.write("bytes: %d\n" % size)
    out.write("words:\n")
    for n, w in kept:
        out.write("  %s: %d\n" % (w, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
