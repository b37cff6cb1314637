#!/usr/bin/env python3
"""grow-rules.py - a rule set with N times the lexicon patterns, the extra ones never matching.

Copies RULES to OUT and, in every lexicon file, follows each entry with N-1
copies of it whose patterns are the entry's own with every letter outside
escapes, character classes, group syntax and quantifiers shifted by 13
places (ROT13): the same structure, the same length, words of a language
no letter is written in. The copies set the same facts, so if any of them
matched, the audit's output would change; bench.sh checks that it does not.
This is the growth check of docs/performance.md: the cost of a run must
follow the matches, not the number of patterns.

    tools/bench/grow-rules.py [--factor N] RULES OUT
"""
import argparse
import copy
import os
import shutil
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("grow-rules.py needs PyYAML (Debian: python3-yaml)")


def rot13(c):
    if "a" <= c <= "z":
        return chr((ord(c) - 97 + 13) % 26 + 97)
    if "A" <= c <= "Z":
        return chr((ord(c) - 65 + 13) % 26 + 65)
    return c


def shift_letters(p):
    """ROT13 of the letters of pattern p that are literal text."""
    out, i, n = [], 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            # an escape: \x{..}, \p{..}, \g{..}, \k<..> keep their argument
            j = i + 2
            if i + 1 < n and p[i + 1] in "xpPgkoN" and j < n and p[j] in "{<'":
                close = {"{": "}", "<": ">", "'": "'"}[p[j]]
                j = p.index(close, j) + 1
            elif i + 1 < n and p[i + 1] == "Q":
                j = p.index("\\E", i) + 2 if "\\E" in p[i:] else n
            out.append(p[i:j])
            i = j
        elif c == "[":
            # a class, kept whole (a ']' right after '[' or '[^' is literal)
            j = i + 1
            if j < n and p[j] == "^":
                j += 1
            if j < n and p[j] == "]":
                j += 1
            while j < n and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            out.append(p[i:j + 1])
            i = j + 1
        elif c == "(" and i + 1 < n and p[i + 1] in "?*":
            # group syntax up to ':' or ')' or a name's end
            j = i + 2
            while j < n and p[j] not in ":)" and not (p[j] in ">'" and p[i + 2] in "<'P"):
                j += 1
            out.append(p[i:j + 1])
            i = j + 1
        elif c == "{":
            j = p.find("}", i)
            j = n - 1 if j < 0 else j
            out.append(p[i:j + 1])
            i = j + 1
        else:
            out.append(rot13(c))
            i += 1
    return "".join(out)


def grow(doc, factor):
    entries = doc.get("entries")
    if not isinstance(entries, list):
        return doc
    grown = []
    for e in entries:
        e = copy.deepcopy(e)
        grown.append(e)
        for k in range(1, factor):
            twin = copy.deepcopy(e)
            twin["id"] = "%s-synthetic-%d" % (e["id"], k)
            twin["patterns"] = [shift_letters(p) for p in e["patterns"]]
            grown.append(twin)
    doc["entries"] = grown
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factor", type=int, default=4)
    ap.add_argument("rules")
    ap.add_argument("out")
    args = ap.parse_args()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    shutil.copytree(args.rules, args.out)
    patterns = 0
    for root, _, files in os.walk(args.out):
        for name in sorted(files):
            path = os.path.join(root, name)
            if not name.endswith(".yaml"):
                continue
            with open(path, encoding="utf-8") as f:
                doc = yaml.safe_load(f)
            if not isinstance(doc, dict) or doc.get("kind") != "lexicon":
                continue
            doc = grow(doc, args.factor)
            patterns += sum(len(e["patterns"]) for e in doc["entries"])
            with open(path, "w", encoding="utf-8") as f:
                yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False, width=10000)
    print("%s: %d lexicon patterns" % (args.out, patterns))


if __name__ == "__main__":
    main()
