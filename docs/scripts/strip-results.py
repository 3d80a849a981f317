#!/usr/bin/env python3
"""Copies drtune result JSONs without any per-photograph entry (docs/results/ keeps only counts,
metrics and histories, as the Kaggle terms require).

    docs/scripts/strip-results.py SOURCE.json DEST.json

Removes held-out predictions (ids, labels, probabilities of crossval folds), the refused and
skipped photograph lists of evaluate, and the per-image rows of predict summaries; fails if an
EyePACS-style id (digits_left|right) is still anywhere in the output."""
import json, re, sys

DROP = {'predictions', 'rejected', 'skipped', 'rows', 'unreadable'}
LISTS = {'ids', 'patients'}  # dropped when they list photographs or patients


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items()
                if k not in DROP and not (k in LISTS and isinstance(v, list))}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


src, dst = sys.argv[1], sys.argv[2]
out = strip(json.load(open(src)))
text = json.dumps(out, indent=1)
if re.search(r'\d+_(left|right)', text):
    sys.exit(f'{src}: a photograph id is still in the output; add its key to DROP')
open(dst, 'w').write(text + '\n')
