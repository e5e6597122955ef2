/**
 * Bundled into a blank Chromium page by alarm-audio.spec.ts: renders alarm
 * signals with an OfflineAudioContext through the app's own code – the
 * synthesis for one pattern, and the BurstScheduler the sounder uses for a
 * scripted sequence of requests (escalation, pre-emption, acknowledgement) –
 * and measures them from the samples, so the assertions judge real output.
 * The real-time sounder is probed by sounder-tap.ts, bundled with this file.
 */
import type { AlarmPriority } from '../../../../shared/domain/alarm-condition';
import { BURST_PATTERNS, burstPeriodMs } from '../../../../renderer/src/audio/iec-burst-patterns';
import { BurstScheduler, type AuditoryRequest } from '../../../../renderer/src/audio/burst-scheduler';
import { scheduleBurst } from '../../../../renderer/src/audio/pulse-synth';
import { magnitudeAt, type MeasuredPulse } from '../../../support/audio-pulses';
import { analyse } from './page-meter';
import './sounder-tap';

const RATE = 48_000;

export interface PatternMeasurement {
  pulses: MeasuredPulse[];
  fundamentalHz: number;
  harmonicLevelsDb: Array<{ hz: number; db: number }>;
}

/** `bursts` bursts of one pattern at full gain, from 0.1 s. */
async function measurePattern(priority: AlarmPriority, bursts: number): Promise<PatternMeasurement> {
  const pattern = BURST_PATTERNS[priority];
  const period = (burstPeriodMs(pattern) ?? 0) / 1000;
  const length = Math.ceil((0.1 + period * (bursts - 1) + 4) * RATE);
  const context = new OfflineAudioContext({ numberOfChannels: 1, length, sampleRate: RATE });
  for (let i = 0; i < bursts; i++) scheduleBurst(context, context.destination, pattern, 0.1 + i * period, 1);
  const samples = (await context.startRendering()).getChannelData(0);
  const pulses = analyse(samples, RATE);

  // Spectrum of the steady middle of the first pulse: scan 100–1200 Hz for the fundamental.
  const from = Math.round((pulses[0]!.riseAtMs[2]! / 1000) * RATE);
  const to = Math.round((pulses[0]!.fallAtMs[2]! / 1000) * RATE);
  let fundamentalHz = 0;
  let best = 0;
  for (let hz = 100; hz <= 1200; hz += 2) {
    const m = magnitudeAt(samples, from, to, hz, RATE);
    if (m > best) [best, fundamentalHz] = [m, hz];
  }
  const harmonicLevelsDb: Array<{ hz: number; db: number }> = [];
  for (let k = 1; k * fundamentalHz <= 4000; k++) {
    const hz = k * fundamentalHz;
    harmonicLevelsDb.push({ hz, db: 20 * Math.log10(magnitudeAt(samples, from, to, hz, RATE) / best) });
  }
  return { pulses, fundamentalHz, harmonicLevelsDb };
}

export interface ScheduleScript {
  durationS: number;
  /** What the annunciator asks for, at context time `at` (null: silence – acknowledged, paused, ended). */
  requests: Array<{ at: number; request: AuditoryRequest | null }>;
  /** The sounder's top-up timer, s. */
  pumpEveryS: number;
}

export interface ScheduleRendering {
  pulses: MeasuredPulse[];
  /** Each request's first burst as the scheduler put it on the clock. */
  firstBursts: Array<AuditoryRequest & { startsAt: number }>;
  /** Context time at which each request was made (the render quantum it landed on). */
  requestedAt: number[];
}

/** Runs the sounder's scheduler over an offline clock, stopping the render wherever the script acts. */
async function renderSchedule(script: ScheduleScript): Promise<ScheduleRendering> {
  const context = new OfflineAudioContext({ numberOfChannels: 1, length: Math.ceil(script.durationS * RATE), sampleRate: RATE });
  const firstBursts: ScheduleRendering['firstBursts'] = [];
  const scheduler = new BurstScheduler(context, context.destination, (request, startsAt) => firstBursts.push({ ...request, startsAt }));
  const requestedAt: number[] = [];
  // Suspensions land on render quanta (128 frames); everything due in one quantum runs there, requests first.
  const byQuantum = new Map<number, Array<() => void>>();
  const at = (time: number, run: () => void) => {
    const quantum = Math.max(1, Math.ceil((time * RATE) / 128));
    byQuantum.set(quantum, [...(byQuantum.get(quantum) ?? []), run]);
  };
  script.requests.forEach(({ at: time, request }) =>
    at(time, () => {
      requestedAt.push(context.currentTime);
      scheduler.request(request);
    }),
  );
  for (let t = script.pumpEveryS; t < script.durationS; t += script.pumpEveryS) at(t, () => scheduler.pump());
  for (const [quantum, runs] of byQuantum) {
    if (quantum * 128 >= context.length) continue;
    void context.suspend((quantum * 128) / RATE).then(() => {
      for (const run of runs) run();
      void context.resume();
    });
  }
  const samples = (await context.startRendering()).getChannelData(0);
  return { pulses: analyse(samples, RATE), firstBursts, requestedAt };
}

Object.assign(window, { measurePattern, renderSchedule });
