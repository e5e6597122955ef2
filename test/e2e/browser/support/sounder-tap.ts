/**
 * Listens to the app's AlarmSounder on a real-time AudioContext in Chromium.
 * A recorder between the sounder and the speakers (audio-recorder.ts) copies
 * every rendered sample on the audio thread, so the recording shows exactly
 * what the sounder put on the audio clock – even while the test keeps the
 * page's main thread busy. The sounder is given this
 * context through its ordinary constructor, its `destination` replaced by the
 * recorder (the same way any code under test would be handed a context).
 */
import { AlarmSounder, type AudioHealth, type AuditoryRequest } from '../../../../renderer/src/audio/alarm-sounder';
import type { MeasuredPulse } from '../../../support/audio-pulses';
import { createRecorder } from './audio-recorder';
import { analyse } from './page-meter';

export type TapStep =
  | { afterOnsetS: number; sound: AuditoryRequest | null }
  | { afterOnsetS: number; blockMainThreadMs: number }
  | { afterOnsetS: number; suspendForMs: number };

export interface TapPlan {
  first: AuditoryRequest;
  /** In order; each waits until the context clock is `afterOnsetS` past the first sound. */
  steps: TapStep[];
  recordUntilS: number;
  /** Envelope level treated as silence when splitting the recording into pulses (default 0.05). */
  silenceBelow?: number;
}

export interface TapResult {
  pulses: MeasuredPulse[];
  /** Where on the recording (ms, its own sample clock) the first sound and each step happened. */
  onsetMs: number;
  stepAtMs: number[];
  /** How long each main-thread block actually lasted, ms. */
  blockedMs: number[];
  /** For a suspension: the context clock stood still here (recording ms), and whether the sounder resumed it itself. */
  suspendedAtMs: number[];
  resumedBySounder: boolean[];
  health: AudioHealth[];
  /** Holes in the recording after the first sound (recording ms, frames): the measurement, not the sounder, failed. */
  lostAfterOnset: Array<{ atMs: number; frames: number }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function untilContextTime(context: AudioContext, time: number): Promise<void> {
  const giveUp = performance.now() + 30_000;
  while (context.currentTime < time && performance.now() < giveUp) await sleep(4);
}

async function recordSounder(plan: TapPlan): Promise<TapResult> {
  const context = new AudioContext({ latencyHint: 'interactive' });
  const recorder = await createRecorder(context, plan.recordUntilS + 3);
  recorder.node.connect(context.destination);
  Object.defineProperty(context, 'destination', { value: recorder.node, configurable: true });
  let onsetFrame = -1;
  const onset = recorder.onset.then((frame) => void (onsetFrame = frame));
  const health: AudioHealth[] = [];
  const sounder = new AlarmSounder((h) => health.push(h), () => context);
  await sounder.start();
  sounder.sound(plan.first);
  await Promise.race([onset, sleep(5000)]);
  const onsetS = onsetFrame / context.sampleRate;
  const stepAt: number[] = [];
  const blockedMs: number[] = [];
  const suspendedAt: number[] = [];
  const resumedBySounder: boolean[] = [];
  for (const step of plan.steps) {
    await untilContextTime(context, onsetS + step.afterOnsetS);
    stepAt.push(context.currentTime);
    if ('sound' in step) sounder.sound(step.sound);
    else if ('blockMainThreadMs' in step) {
      const from = performance.now();
      while (performance.now() - from < step.blockMainThreadMs) {
        // Busy: no timer, no message, no rendering of the page runs meanwhile.
      }
      blockedMs.push(performance.now() - from);
    } else {
      await context.suspend();
      suspendedAt.push(context.currentTime);
      await sleep(step.suspendForMs);
      const giveUp = performance.now() + 3000;
      while (context.state !== 'running' && performance.now() < giveUp) await sleep(10);
      resumedBySounder.push(context.state === 'running');
      if (context.state !== 'running') await context.resume();
    }
  }
  await untilContextTime(context, onsetS + plan.recordUntilS);
  const dump = await recorder.dump();
  sounder.stop();
  const toRecordingMs = (contextTime: number) => ((contextTime * context.sampleRate - dump.startFrame) / context.sampleRate) * 1000;
  const onsetAt = onsetFrame - dump.startFrame;
  return {
    pulses: analyse(dump.samples, context.sampleRate, plan.silenceBelow),
    onsetMs: toRecordingMs(onsetS),
    stepAtMs: stepAt.map(toRecordingMs),
    blockedMs,
    suspendedAtMs: suspendedAt.map(toRecordingMs),
    resumedBySounder,
    health,
    lostAfterOnset: dump.lost.filter((l) => l.at + l.frames > onsetAt).map((l) => ({ atMs: (l.at / context.sampleRate) * 1000, frames: l.frames })),
  };
}

Object.assign(window, { recordSounder });
