#!/usr/bin/env python3
"""A learned second stage for both eyes, against the fixed mix drtune uses (docs/RESULTS.md, section 8).

    docs/scripts/eye-stacker.py CROSSVAL.json [WEIGHT]

CROSSVAL.json is a `drtune crossval --out` result of at least 2 folds on EyePACS ids (<patient>_left|right),
with its held-out predictions (the unstripped file, which stays on the machine). For each fold it fits, on the
other fold's held-out TTA probabilities, a multinomial logistic regression on the log-probabilities of the
photograph, those of the other eye (zero when the patient has no other photograph) and whether the other eye
exists, and compares the referable AUC (score = p2 + p3 + p4) of that stacker on the fold with the photograph
alone and with the fixed mix (1 - WEIGHT) * own + WEIGHT * other (WEIGHT 0.4, what crossval --summary chose).
It also prints the patient-level referable AUC over all folds with the eyes graded apart, the patient's score
the larger or the mean of its eyes' referable probabilities (the label: the worse eye)."""
import json
import sys

import numpy as np


def patient_aucs(folds_raw):
    by_patient = {}
    for fold in folds_raw:
        p = fold['predictions']
        for i, label, probs in zip(p['ids'], p['labels'], p['tta']):
            scores, worst = by_patient.get(i.rsplit('_', 1)[0], ([], 0))
            by_patient[i.rsplit('_', 1)[0]] = (scores + [sum(probs[2:])], max(worst, label))
    y = np.array([w for _, w in by_patient.values()])
    largest = np.array([max(s) for s, _ in by_patient.values()])
    mean = np.array([sum(s) / len(s) for s, _ in by_patient.values()])
    return len(y), auc(y, largest), auc(y, mean)


def fold_arrays(fold):
    p = fold['predictions']
    ids, y, own = p['ids'], np.array(p['labels']), np.array(p['tta'], dtype=float)
    where = {tuple(i.rsplit('_', 1)): k for k, i in enumerate(ids)}
    other, has = own.copy(), np.zeros(len(ids))
    for k, i in enumerate(ids):
        patient, eye = i.rsplit('_', 1)
        j = where.get((patient, 'right' if eye == 'left' else 'left'))
        if j is not None:
            other[k], has[k] = own[j], 1
    return y, own, other, has


def auc(y, score):
    """Mann-Whitney AUC of referable (grade >= 2) against the rest, ties counted half."""
    pos, neg = score[y >= 2], score[y < 2]
    values = np.concatenate([pos, neg])
    order = np.argsort(values, kind='stable')
    ranks = np.empty(len(values))
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[order[j + 1]] == values[order[i]]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return (ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def features(own, other, has):
    log_own = np.log(np.clip(own, 1e-6, 1))
    log_other = np.log(np.clip(other, 1e-6, 1)) * has[:, None]
    return np.hstack([log_own, log_other, has[:, None], np.ones((len(own), 1))])


def softmax(z):
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def fit(x, y, classes, l2=1e-2, steps=3000, rate=0.1):
    w = np.zeros((x.shape[1], classes))
    target = np.eye(classes)[y]
    for _ in range(steps):
        w -= rate * (x.T @ (softmax(x @ w) - target) / len(y) + l2 * w)
    return w


def main():
    result = json.load(open(sys.argv[1]))
    weight = float(sys.argv[2]) if len(sys.argv) > 2 else 0.4
    folds = [fold_arrays(f) for f in result['result']['folds']]
    referable = lambda q: q[:, 2:].sum(1)
    for k, (y, own, other, has) in enumerate(folds):
        ty, town, tother, thas = (np.concatenate(a) for a in zip(*[f for j, f in enumerate(folds) if j != k]))
        w = fit(features(town, tother, thas), ty, own.shape[1])
        stacked = softmax(features(own, other, has) @ w)
        mixed = (1 - weight) * own + weight * other
        print(f'fold {k + 1}: alone {auc(y, referable(own)):.4f}  fixed mix w={weight} '
              f'{auc(y, referable(mixed)):.4f}  stacker {auc(y, referable(stacked)):.4f}')
    n, largest, mean = patient_aucs(result['result']['folds'])
    print(f'{n} patients, eyes apart: the larger eye {largest:.4f}, the mean of the eyes {mean:.4f}')


if __name__ == '__main__':
    main()
