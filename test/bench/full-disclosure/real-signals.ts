import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SAMPLE_STEP } from '../../../shared/disclosure/sample-steps';
import { readWfdbRecord, toPhysical } from '../../support/wfdb-reader';
import { quantize, resample } from './resample';

/**
 * Real signals for the storage figures, from the project's shared PhysioNet
 * records (shared/data/physionet/, read here because a benchmark may; tests
 * use test/fixtures/ instead). Each is resampled band-limited to our
 * channel's rate and requantised to its 12-bit step:
 *
 * - ECG: a103l lead II (ICU, 250 Hz, 16-bit, 7247 units/mV) and MIT-BIH 100
 *   MLII (360 Hz → 250 Hz, 11-bit, 200 units/mV), both at 5 µV steps;
 * - pleth: a103l PLETH (250 Hz → 125 Hz), normalised units, 1/4096 steps;
 * - resp: MGH/MF 03700181 RESP (125 Hz → 62.5 Hz), 1/2048 steps.
 */
export function physionetDir(): string {
  for (const candidate of [resolve(__dirname, '../../../../shared/data/physionet'), resolve(__dirname, '../../../../../shared/data/physionet'), '/work/shared/data/physionet']) {
    if (existsSync(join(candidate, 'a103l.hea'))) return candidate;
  }
  throw new Error('PhysioNet records not found: this benchmark reads shared/data/physionet beside the repository (../shared) or /work/shared');
}

export interface RealSignals {
  ecgA103l: Int32Array;
  ecgMitdb100: Int32Array;
  pleth: Int32Array;
  resp: Int32Array;
}

function physical(headerPath: string, signal: number): Float64Array {
  const record = readWfdbRecord(headerPath);
  const spec = record.header.signals[signal]!;
  return Float64Array.from(record.samples[signal]!, (v) => toPhysical(v, spec));
}

export function loadRealSignals(): RealSignals {
  const dir = physionetDir();
  return {
    ecgA103l: quantize(physical(join(dir, 'a103l.hea'), 0), SAMPLE_STEP.ecg),
    ecgMitdb100: quantize(resample(physical(join(dir, '100.hea'), 0), 360, 250), SAMPLE_STEP.ecg),
    pleth: quantize(resample(physical(join(dir, 'a103l.hea'), 2), 250, 125), SAMPLE_STEP.pleth),
    resp: quantize(resample(physical(join(dir, '03700181.hea'), 2), 125, 62.5), SAMPLE_STEP.resp),
  };
}

/** `n` samples of a signal, tiled (the record repeats until the hour is full), as float32 step multiples. */
export function tiled(steps: Int32Array, step: number, start: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(steps[(start + i) % steps.length]! * step) + 0;
  return out;
}
