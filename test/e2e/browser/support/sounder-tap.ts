/**
 * Listens to the app's AlarmSounder on a real-time AudioContext in Chromium.
 * An AudioWorklet between the sounder and the speakers copies every rendered
 * sample on the audio thread, indexed by the context's own frame counter, so
 * the recording shows exactly what the sounder put on the audio clock – even
 * while the test keeps the page's main thread busy. The sounder is given this
 * context through its ordinary constructor, its `destination` replaced by the
 * recorder (the same way any code under test would be handed a context).
 */
import { ALARM_PRIORITIES } from '../../../../shared/domain/alarm-condition';
import { BURST_PATTERNS } from '../../../../renderer/src/audio/iec-burst-patterns';
import { AlarmSounder, type AudioHealth, type AuditoryRequest } from '../../../../renderer/src/audio/alarm-sounder';
import { findPulses, type MeasuredPulse } from '../../../support/audio-pulses';

const FUNDAMENTALS = ALARM_PRIORITIES.map((p) => BURST_PATTERNS[p].fundamentalHz);

export function analyse(samples: Float32Array, sampleRate: number, silenceBelow?: number): MeasuredPulse[] {
  return findPulses(samples, { sampleRate, minFundamentalHz: Math.min(...FUNDAMENTALS), candidateHz: FUNDAMENTALS, silenceBelow });
}

const RECORDER = `
class VigilRecorder extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.buffer = new Float32Array(options.processorOptions.frames);
    this.startFrame = -1;
    this.length = 0;
    this.onsetSent = false;
    this.lastFrame = -1;
    this.lost = [];
    this.port.onmessage = () => this.port.postMessage({ type: 'dump', startFrame: this.startFrame, samples: this.buffer.slice(0, this.length), lost: this.lost });
  }
  process(inputs, outputs) {
    if (this.startFrame < 0) this.startFrame = currentFrame;
    const at = currentFrame - this.startFrame;
    const input = inputs[0] && inputs[0][0];
    // Quanta this recorder was not called for (Chromium does so while a worklet starts up, and
    // rarely on an overloaded machine): the recording has a hole there, which the test must know.
    if (this.lastFrame >= 0 && currentFrame !== this.lastFrame + 128) this.lost.push({ at: this.lastFrame + 128 - this.startFrame, frames: currentFrame - this.lastFrame - 128 });
    this.lastFrame = currentFrame;
    if (input) {
      if (outputs[0][0]) outputs[0][0].set(input);
      if (at + input.length <= this.buffer.length) this.buffer.set(input, at);
      if (!this.onsetSent) {
        for (let i = 0; i < input.length; i++) {
          if (Math.abs(input[i]) > 1e-3) {
            this.onsetSent = true;
            this.port.postMessage({ type: 'onset', frame: currentFrame + i });
            break;
          }
        }
      }
    }
    this.length = Math.min(this.buffer.length, at + 128);
    return true;
  }
}
registerProcessor('vigil-recorder', VigilRecorder);
`;

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
  const url = URL.createObjectURL(new Blob([RECORDER], { type: 'text/javascript' }));
  await context.audioWorklet.addModule(url);
  const frames = Math.ceil((plan.recordUntilS + 3) * context.sampleRate);
  const recorder = new AudioWorkletNode(context, 'vigil-recorder', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], processorOptions: { frames } });
  recorder.connect(context.destination);
  Object.defineProperty(context, 'destination', { value: recorder, configurable: true });
  let onsetFrame = -1;
  const onset = new Promise<void>((resolve) => {
    recorder.port.onmessage = (event: MessageEvent<{ type: string; frame: number }>) => {
      if (event.data.type !== 'onset') return;
      onsetFrame = event.data.frame;
      resolve();
    };
  });
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
  const dump = await new Promise<{ startFrame: number; samples: Float32Array; lost: Array<{ at: number; frames: number }> }>((resolve) => {
    recorder.port.onmessage = (event: MessageEvent<{ type: string; startFrame: number; samples: Float32Array; lost: Array<{ at: number; frames: number }> }>) => {
      if (event.data.type === 'dump') resolve(event.data);
    };
    recorder.port.postMessage('dump');
  });
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
