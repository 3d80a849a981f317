#!/usr/bin/env python3
"""Site calibration over many random draws, from one grading of the site's photographs (RESULTS.md, section 8).

    docs/scripts/site-simulate.py PREDICT.csv LABELS.csv INHERITED_PHOTO INHERITED_PATIENT WEIGHT [DRAWS]

PREDICT.csv is `drtune predict --other-eye-weight 0 --out PREDICT.csv` of every photograph of the site (ids
<patient>_left|right; the photographs the quality check refused are left out), LABELS.csv the site's
trainLabels.csv, INHERITED_* the model card's photograph and patient thresholds, WEIGHT its other eye's weight.
For each of DRAWS (2,000) random draws of 50, 100 and 200 patients as the site's sample, it chooses the
thresholds as `drtune calibrate` does — by the conformal rule (the k-th lowest referable score, k = floor(0.1
(m + 1)), the default) and by the sample rule (`--on-sample`: the highest threshold that keeps sensitivity 0.90
on the sample) — and measures sensitivity and specificity on the other patients: what site-calibration.sh
measures end to end with drtune for a few draws, here for enough draws to see the averages. As in drtune, a
photograph's referral uses its own probabilities, and a patient's score is the larger of the eyes' with the
other eye mixed into each at WEIGHT; a patient is referable when either eye is (grade >= 2)."""
import csv
import math
import random
import statistics
import sys


def load(predictions, labels, weight):
    grade = {}
    with open(labels) as f:
        for row in csv.reader(f):
            if row and row[0] != 'image':
                grade[row[0]] = int(row[1])
    own = {}
    with open(predictions) as f:
        for row in csv.DictReader(f):
            if not row['ungradable']:
                own[row['id']] = float(row['referable_p'])
    photos = []
    for pid, p in own.items():
        patient, eye = pid.rsplit('_', 1)
        other = own.get(patient + '_' + ('right' if eye == 'left' else 'left'))
        fused = p if other is None else (1 - weight) * p + weight * other
        photos.append((patient, p, fused, grade[pid] >= 2))
    patients = {}
    for patient, _, score, referable in photos:
        s, r = patients.get(patient, (0.0, False))
        patients[patient] = (max(s, score), r or referable)
    photos = [(patient, p, referable) for patient, p, _, referable in photos]
    return photos, patients


def conformal(positives):
    s = sorted(positives)
    k = math.floor(0.1 * (len(s) + 1))
    return s[k - 1] if k >= 1 else s[0]


def on_sample(positives):
    s = sorted(positives)
    return s[math.floor(0.1 * len(s))]


def rates(cases, threshold):
    pos = [s for s, r in cases if r]
    neg = [s for s, r in cases if not r]
    return (sum(s >= threshold for s in pos) / len(pos), sum(s < threshold for s in neg) / len(neg))


def main():
    photos, patients = load(sys.argv[1], sys.argv[2], float(sys.argv[5]))
    inherited = {'photographs': float(sys.argv[3]), 'patients': float(sys.argv[4])}
    draws = int(sys.argv[6]) if len(sys.argv) > 6 else 2000
    ids = sorted(patients)
    print('| patients in the sample | level | rule | sensitivity, mean (sd) | specificity, mean | '
          'draws with sensitivity ≥ 0.90 |')
    print('|---|---|---|---|---|---|')
    for n in (50, 100, 200):
        results = {}
        for seed in range(draws):
            chosen = ids[:]
            random.Random(seed).shuffle(chosen)
            sample = set(chosen[:n])
            for level in ('photographs', 'patients'):
                cases = [(s, r, p) for p, s, r in photos] if level == 'photographs' \
                    else [(s, r, p) for p, (s, r) in patients.items()]
                inside = [(s, r) for s, r, p in cases if p in sample]
                rest = [(s, r) for s, r, p in cases if p not in sample]
                positives = [s for s, r in inside if r]
                if not positives:
                    continue
                for rule, threshold in (('inherited threshold', inherited[level]),
                                        ('conformal (default)', conformal(positives)),
                                        ('on the sample', on_sample(positives))):
                    results.setdefault((level, rule), []).append(rates(rest, threshold))
        for level in ('photographs', 'patients'):
            for rule in ('inherited threshold', 'conformal (default)', 'on the sample'):
                values = results[(level, rule)]
                sens = [v[0] for v in values]
                print(f'| {n} | {level} | {rule} | {statistics.mean(sens):.3f} ({statistics.stdev(sens):.3f}) | '
                      f'{statistics.mean(v[1] for v in values):.3f} | '
                      f'{sum(s >= 0.9 for s in sens) / len(sens):.0%} |')


if __name__ == '__main__':
    main()
