#!/usr/bin/env python3
"""Regenerates the resampy reference outputs used by ResampyReferenceTests.

Needs Debian 12's python3-resampy (0.4.2, the version behind the librosa fixtures). Run from this folder:
    python3 make_reference.py ../../../../../../shared/fixtures/librosa
The input is an excerpt of a shared fixture, so only the outputs are stored here.
"""
import sys

import numpy as np
import resampy

START, LENGTH = 20000, 4000
PITCH_RATE = 22050 * 2 ** (0.7 / 12)  # librosa.effects.pitch_shift(n_steps=0.7) resamples from this rate

CASES = [
    ("pitch_best", PITCH_RATE, 22050, "kaiser_best"),
    ("pitch_fast", PITCH_RATE, 22050, "kaiser_fast"),
    ("up_best", 22050, PITCH_RATE, "kaiser_best"),
    ("48000_8000_best", 48000, 8000, "kaiser_best"),
]

fixtures = sys.argv[1]
x = np.load(f"{fixtures}/d_48000_mono_f32/native.npy")[START:START + LENGTH]
for name, sr_in, sr_out, filt in CASES:
    y = resampy.resample(x, sr_in, sr_out, filter=filt)
    n = int(np.ceil(len(x) * (float(sr_out) / sr_in)))  # librosa's fix=True length
    y = np.pad(y, (0, max(0, n - len(y))))[:n].astype(np.float32)
    np.save(f"{name}.npy", y)
    print(name, sr_in, sr_out, filt, len(y))
