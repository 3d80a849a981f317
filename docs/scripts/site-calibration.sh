#!/usr/bin/env bash
# Site calibration on patients the model never saw (docs/RESULTS.md, "Site calibration").
#
#   docs/scripts/site-calibration.sh MODEL SITE_DATA OUT [SEEDS] [SIZES]
#
# SITE_DATA is an EyePACS folder (trainLabels.csv + images/). For every seed and sample size N it
# draws N patients at random as the site's labelled sample, runs `drtune calibrate` on them, and
# evaluates the model before and after calibration on the site's other patients, writing
# OUT/s<seed>-n<N>/{before,after}.json (metrics only: evaluate's JSON) and the table OUT/site.tsv.
# Photographs are linked, never copied. With REUSE_BEFORE=DIR (an OUT of an earlier run with the
# same MODEL and SITE_DATA), the uncalibrated model's evaluation on the same draw is taken from there
# instead of computed again: it does not depend on how the sample is calibrated. CALIBRATE_OPTIONS
# are passed to `drtune calibrate` (e.g. --on-sample for the rule that only fits the sample).
set -euo pipefail
model=$1 site=$2 out=$3
seeds=${4:-"1 2 3"}
sizes=${5:-"50 100 200"}
drtune="$(cd "$(dirname "$0")/../.." && pwd)/bin/drtune"
mkdir -p "$out"
for seed in $seeds; do
  for n in $sizes; do
    d="$out/s$seed-n$n"
    [ -f "$d/after.json" ] && continue
    rm -rf "$d" && mkdir -p "$d"
    python3 - "$site" "$d" "$seed" "$n" <<'PY'
import os, random, sys
site, d, seed, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows = [l.strip().split(',') for l in open(os.path.join(site, 'trainLabels.csv')).readlines()[1:] if l.strip()]
patients = sorted({r[0].split('_')[0] for r in rows})
random.Random(seed).shuffle(patients)
sample = set(patients[:n])
for part, keep in (('sample', lambda p: p in sample), ('rest', lambda p: p not in sample)):
    os.makedirs(os.path.join(d, part, 'images'))
    chosen = [r for r in rows if keep(r[0].split('_')[0])]
    with open(os.path.join(d, part, 'trainLabels.csv'), 'w') as f:
        f.write('image,level\n' + ''.join(f'{a},{b}\n' for a, b in chosen))
    for a, _ in chosen:
        src = os.path.realpath(os.path.join(site, 'images', a + '.jpeg'))
        os.symlink(src, os.path.join(d, part, 'images', a + '.jpeg'))
PY
    "$drtune" calibrate ${CALIBRATE_OPTIONS:-} --model "$model" --data "$d/sample" --out "$d/model" --json "$d/calibration.json" > "$d/calibrate.log"
    prior="${REUSE_BEFORE:-}/s$seed-n$n"
    if [ -n "${REUSE_BEFORE:-}" ] && [ -f "$prior/before.json" ]; then
      cp "$prior/before.json" "$prior/before.log" "$d/"
    else
      "$drtune" evaluate --model "$model" --data "$d/rest" --split all --json "$d/before.json" > "$d/before.log"
    fi
    "$drtune" evaluate --model "$d/model" --data "$d/rest" --split all --json "$d/after.json" > "$d/after.log"
    rm -rf "$d/model" "$d/sample" "$d/rest"   # a model fitted to photographs is not kept
  done
done
python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
def at(e):
    p = e['referable']['atThreshold']
    return p['sensitivity'], p['specificity']
lines = ['seed\tpatients\tlevel\treferable_in_sample\tsens_before\tspec_before\tsens_after\tspec_after\tpromised_sens_lower']
rows = []
for d in sorted(glob.glob(os.path.join(out, 's*-n*'))):
    if not os.path.exists(os.path.join(d, 'after.json')):
        continue
    seed, n = os.path.basename(d)[1:].split('-n')
    b = json.load(open(os.path.join(d, 'before.json')))
    a = json.load(open(os.path.join(d, 'after.json')))
    site = json.load(open(os.path.join(d, 'calibration.json')))['screening']['site']
    referable = sum(site['gradeCounts'][2:])
    for level, get, promise in (
            ('photographs', lambda j: j['allPhotographs'] or j['evaluation'], site['sensitivity']),
            ('patients', lambda j: j['patients']['allPatients'], site['patientSensitivity'])):
        sb, pb = at(get(b)); sa, pa = at(get(a))
        rows.append((int(n), level, sb, pb, sa, pa))
        lines.append(f'{seed}\t{n}\t{level}\t{referable}\t{sb:.3f}\t{pb:.3f}\t{sa:.3f}\t{pa:.3f}\t{promise["lower"]:.3f}')
lines.append('')
lines.append('patients\tlevel\tdraws\tsens_before mean (sd)\tspec_before mean\tsens_after mean (sd)\tspec_after mean\t|sens-0.90| before\t|sens-0.90| after')
for n in sorted({r[0] for r in rows}):
    for level in ('photographs', 'patients'):
        rs = [r for r in rows if r[0] == n and r[1] == level]
        col = lambda i: [r[i] for r in rs]
        sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0
        lines.append(f'{n}\t{level}\t{len(rs)}\t{statistics.mean(col(2)):.3f} ({sd(col(2)):.3f})\t{statistics.mean(col(3)):.3f}'
                     f'\t{statistics.mean(col(4)):.3f} ({sd(col(4)):.3f})\t{statistics.mean(col(5)):.3f}'
                     f'\t{statistics.mean(abs(x - 0.9) for x in col(2)):.3f}\t{statistics.mean(abs(x - 0.9) for x in col(4)):.3f}')
open(os.path.join(out, 'site.tsv'), 'w').write('\n'.join(lines) + '\n')
print('\n'.join(lines))
PY
