#!/usr/bin/env python3
"""Compares site-calibration rules over the same draws (docs/RESULTS.md, section 8).

    docs/scripts/site-compare.py LABEL=OUT [LABEL=OUT ...]

Each OUT is a folder written by docs/scripts/site-calibration.sh (one calibration rule, draws s<seed>-n<N>).
Only the draws every OUT holds are compared. For each sample size and level (photographs, patients) it prints
the sensitivity and specificity on the site's other patients at the inherited threshold (the model's own,
from the first OUT) and after each rule's calibration: mean (sd) over the draws, the mean distance of the
sensitivity from 0.90, and the share of draws whose sensitivity reached 0.90."""
import glob
import json
import os
import statistics
import sys


def at_threshold(evaluation, level):
    e = (evaluation['allPhotographs'] or evaluation['evaluation']) if level == 'photographs' \
        else evaluation['patients']['allPatients']
    p = e['referable']['atThreshold']
    return p['sensitivity'], p['specificity']


def draws(out):
    found = {}
    for d in glob.glob(os.path.join(out, 's*-n*')):
        if os.path.exists(os.path.join(d, 'after.json')):
            found[os.path.basename(d)] = d
    return found


def describe(values):
    sens = [v[0] for v in values]
    spec = [v[1] for v in values]
    sd = statistics.stdev(sens) if len(sens) > 1 else 0.0
    return (f'{statistics.mean(sens):.3f} ({sd:.3f})', f'{statistics.mean(spec):.3f}',
            f'{statistics.mean(abs(s - 0.9) for s in sens):.3f}',
            f'{sum(s >= 0.9 for s in sens)}/{len(sens)}')


def main():
    rules = [arg.split('=', 1) for arg in sys.argv[1:]]
    found = {label: draws(out) for label, out in rules}
    common = sorted(set.intersection(*(set(f) for f in found.values())))
    sizes = sorted({int(name.split('-n')[1]) for name in common})
    print('| patients in the sample | level | draws | rule | sensitivity, mean (sd) | specificity | '
          '|sensitivity − 0.90| | draws with sensitivity ≥ 0.90 |')
    print('|---|---|---|---|---|---|---|---|')
    for n in sizes:
        names = [c for c in common if c.endswith(f'-n{n}')]
        for level in ('photographs', 'patients'):
            first = found[rules[0][0]]
            rows = [('inherited threshold', [at_threshold(json.load(open(os.path.join(first[c], 'before.json'))),
                                                          level) for c in names])]
            for label, _ in rules:
                rows.append((label, [at_threshold(json.load(open(os.path.join(found[label][c], 'after.json'))),
                                                  level) for c in names]))
            for rule, values in rows:
                print(f'| {n} | {level} | {len(names)} | {rule} | ' + ' | '.join(describe(values)) + ' |')


if __name__ == '__main__':
    main()
