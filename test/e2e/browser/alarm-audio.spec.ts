import { expect, test, type Page } from '@playwright/test';
import type { AlarmPriority } from '../../../shared/domain/alarm-condition';
import { BURST_PATTERNS, burstLengthMs, burstPeriodMs, escalationGain } from '../../../renderer/src/audio/iec-burst-patterns';
import type { AuditoryRequest } from '../../../renderer/src/audio/burst-scheduler';
import { groupIntoBursts, MEASURING_LEVELS, spacingMs, type MeasuredPulse } from '../../support/audio-pulses';
import { burstIntervalViolations, burstViolations, IEC_AUDITORY, pulseViolations } from '../../support/iec-auditory-signals';
import type { PatternMeasurement, ScheduleRendering, ScheduleScript } from './support/burst-probe';
import { openProbePage } from './support/probe-page';

/**
 * IEC 60601-1-8 auditory signals, measured from samples rendered in Chromium
 * by the app's own audio code (renderer/src/audio): each pattern, and the
 * sounder's scheduler driven through escalation, pre-emption and
 * acknowledgement on an OfflineAudioContext. Every figure is read at the 10,
 * 50 and 90 % amplitude points (test/support/iec-auditory-signals.ts).
 * The real-time sounder under a busy main thread: alarm-audio-realtime.spec.ts.
 */
const HIGH = BURST_PATTERNS.HIGH;
const s = (ms: number) => ms / 1000;
/** Longer than any silence inside a burst (the HIGH half pause, up to 1.3 s), shorter than any burst interval. */
const BURST_GAP_MS = 1500;

function measurePattern(page: Page, priority: AlarmPriority, bursts: number): Promise<PatternMeasurement> {
  return page.evaluate(([p, n]) => (window as unknown as { measurePattern(p: string, n: number): Promise<PatternMeasurement> }).measurePattern(p, n), [priority, bursts] as const);
}

function renderSchedule(page: Page, script: ScheduleScript): Promise<ScheduleRendering> {
  return page.evaluate((sc) => (window as unknown as { renderSchedule(s: ScheduleScript): Promise<ScheduleRendering> }).renderSchedule(sc), script);
}

const alarm = (alarmId: string, priority: AlarmPriority, escalationLevel = 1): AuditoryRequest => ({ alarmId, priority, escalationLevel });
/** Mid-plateau of pulse `index` (0-based) of a burst of `pattern` starting at `burstStart` (s). */
const midPulse = (burstStart: number, index: number, pattern = HIGH) => burstStart + s(pattern.pulseStartsMs[index]! + pattern.envelopeMs / 2);
const ofPriority = (pulses: MeasuredPulse[], priority: AlarmPriority) => pulses.filter((p) => p.fundamentalHz === BURST_PATTERNS[priority].fundamentalHz);

test.beforeEach(async ({ page }) => openProbePage(page));

test.describe('each pattern, as synthesised', () => {
  function expectHarmonics(m: PatternMeasurement): void {
    expect(m.fundamentalHz).toBeGreaterThanOrEqual(150);
    expect(m.fundamentalHz).toBeLessThanOrEqual(1000);
    const inBand = m.harmonicLevelsDb.filter((h) => h.hz >= 300 && h.hz <= 4000 && Math.abs(h.db) <= 15);
    expect(inBand.length).toBeGreaterThanOrEqual(4);
    // Any two pulses of a burst within 10 dB of each other.
    const peaksDb = m.pulses.map((p) => 20 * Math.log10(p.peak));
    expect(Math.max(...peaksDb) - Math.min(...peaksDb)).toBeLessThanOrEqual(10);
  }

  for (const priority of ['HIGH', 'MEDIUM', 'LOW'] as const) {
    test(`${priority}: pulses, td, rise/fall, spacing and burst interval inside Tables 3/4 at 10, 50 and 90 %; harmonic tone`, async ({ page }) => {
      const m = await measurePattern(page, priority, 2);
      const bursts = groupIntoBursts(m.pulses, BURST_GAP_MS);
      expect(bursts.map((b) => b.length)).toEqual([BURST_PATTERNS[priority].pulseStartsMs.length, BURST_PATTERNS[priority].pulseStartsMs.length]);
      expect(bursts.flatMap((b, i) => burstViolations(priority, b, `burst ${i + 1}`))).toEqual([]);
      expect(burstIntervalViolations(priority, bursts[0]!, bursts[1]!)).toEqual([]);
      expectHarmonics(m);
    });
  }
});

test.describe("the sounder's scheduler, rendered offline", () => {
  test('HIGH escalating mid-pulse: the burst playing finishes at its level, the next is louder; every pulse whole, rhythm kept', async ({ page }) => {
    const period = s(burstPeriodMs(HIGH)!);
    // The first burst starts one scheduling margin after the request; the render reports exactly where.
    const probe = await renderSchedule(page, { durationS: 1, requests: [{ at: 0.1, request: alarm('esc', 'HIGH') }], pumpEveryS: 0.25 });
    const start = probe.firstBursts[0]!.startsAt;
    const r = await renderSchedule(page, {
      durationS: start + 2 * period + s(burstLengthMs(HIGH)) + 0.5,
      requests: [
        { at: 0.1, request: alarm('esc', 'HIGH', 1) },
        // Escalation to level 2 in the middle of pulse 3, then to level 3 in the middle of the second burst's pulse 8.
        { at: midPulse(start, 2), request: alarm('esc', 'HIGH', 2) },
        { at: midPulse(start + period, 7), request: alarm('esc', 'HIGH', 3) },
      ],
      pumpEveryS: 0.25,
    });
    const bursts = groupIntoBursts(r.pulses, BURST_GAP_MS);
    expect(bursts.map((b) => b.length)).toEqual([10, 10, 10]);
    expect(bursts.flatMap((b, i) => burstViolations('HIGH', b, `burst ${i + 1}`))).toEqual([]);
    expect([0, 1].flatMap((i) => burstIntervalViolations('HIGH', bursts[i]!, bursts[i + 1]!))).toEqual([]);
    // Rhythm kept: burst k starts k periods after the first, to the sample (the meter reads to ~0.2 ms).
    for (const [k, b] of bursts.entries()) expect(Math.abs(b[0]!.riseAtMs[0]! - bursts[0]![0]!.riseAtMs[0]! - k * period * 1000)).toBeLessThan(0.5);
    expect(Math.abs(bursts[0]![0]!.riseAtMs[0]! - start * 1000 - 0.1 * HIGH.rampMs)).toBeLessThan(0.5);
    // Each change applies from the next burst: level 1, 2, 3 gains.
    const level = (b: MeasuredPulse[]) => b[0]!.peak;
    expect(level(bursts[1]!) / level(bursts[0]!)).toBeCloseTo(escalationGain(2) / escalationGain(1), 2);
    expect(level(bursts[2]!) / level(bursts[1]!)).toBeCloseTo(escalationGain(3) / escalationGain(2), 2);
  });

  test('a HIGH alarm pre-empts a MEDIUM burst at a pulse boundary: the MEDIUM pulse ends whole, HIGH follows one x later', async ({ page }) => {
    const MEDIUM = BURST_PATTERNS.MEDIUM;
    const probe = await renderSchedule(page, { durationS: 1, requests: [{ at: 0.1, request: alarm('m', 'MEDIUM') }], pumpEveryS: 0.25 });
    const start = probe.firstBursts[0]!.startsAt;
    const highAt = midPulse(start, 1, MEDIUM);
    const r = await renderSchedule(page, {
      durationS: highAt + s(burstPeriodMs(HIGH)! + burstLengthMs(HIGH)) + 0.6,
      requests: [
        { at: 0.1, request: alarm('m', 'MEDIUM') },
        { at: highAt, request: alarm('h', 'HIGH') },
      ],
      pumpEveryS: 0.25,
    });
    const medium = ofPriority(r.pulses, 'MEDIUM');
    const high = ofPriority(r.pulses, 'HIGH');
    expect(medium.length + high.length).toBe(r.pulses.length);
    // MEDIUM pulses 1 and 2 sound whole; pulse 3 never starts.
    expect(medium).toHaveLength(2);
    expect(burstViolations('MEDIUM', medium, 'interrupted MEDIUM burst', true)).toEqual([]);
    const highBursts = groupIntoBursts(high, BURST_GAP_MS);
    expect(highBursts.map((b) => b.length)).toEqual([10, 10]);
    expect(highBursts.flatMap((b, i) => burstViolations('HIGH', b, `HIGH burst ${i + 1}`))).toEqual([]);
    // From the MEDIUM pulse's fall to the HIGH rise: a HIGH x at every level, no overlap, no crowding.
    MEASURING_LEVELS.forEach((_, i) => {
      const gap = spacingMs(medium[1]!, high[0]!, i);
      expect(gap).toBeGreaterThanOrEqual(IEC_AUDITORY.spacingMs.HIGH[0]);
      expect(gap).toBeLessThanOrEqual(IEC_AUDITORY.spacingMs.HIGH[1]);
    });
    // Heard within the rest of the MEDIUM pulse plus one x of the request.
    expect(high[0]!.riseAtMs[0]! - r.requestedAt[1]! * 1000).toBeLessThanOrEqual(MEDIUM.envelopeMs / 2 + HIGH.pulseGapMs + 5);
  });

  test('acknowledged mid-pulse: that pulse ends with its own fall and nothing more sounds; the next HIGH alarm follows as a burst of its own', async ({ page }) => {
    const probe = await renderSchedule(page, { durationS: 1, requests: [{ at: 0.1, request: alarm('a', 'HIGH') }], pumpEveryS: 0.25 });
    const start = probe.firstBursts[0]!.startsAt;
    const ackAt = midPulse(start, 3);
    const r = await renderSchedule(page, {
      durationS: ackAt + 1 + s(burstLengthMs(HIGH)) + 0.5,
      requests: [
        { at: 0.1, request: alarm('a', 'HIGH') },
        { at: ackAt, request: null },
        // Another HIGH alarm was waiting behind it, selected as soon as the first is acknowledged.
        { at: ackAt + 0.01, request: alarm('b', 'HIGH') },
      ],
      pumpEveryS: 0.25,
    });
    // Split where the silence is longer than any inside a HIGH burst (the half pause, 640 ms at 90 %).
    const longestInside = HIGH.pulseStartsMs[5]! - HIGH.pulseStartsMs[4]! - HIGH.envelopeMs + 2 * 0.9 * HIGH.rampMs;
    const bursts = groupIntoBursts(r.pulses, longestInside + 5);
    expect(bursts.map((b) => b.length)).toEqual([4, 10]);
    expect(burstViolations('HIGH', bursts[0]!, 'acknowledged burst', true)).toEqual([]);
    expect(burstViolations('HIGH', bursts[1]!, 'next alarm')).toEqual([]);
    // Silent within the rest of the pulse that was sounding.
    expect(bursts[0]![3]!.fallAtMs[0]! - r.requestedAt[1]! * 1000).toBeLessThanOrEqual(HIGH.envelopeMs / 2 + 5);
    // The next alarm is heard at once after a silence longer than any inside a burst: within 0.7 s.
    MEASURING_LEVELS.forEach((_, i) => {
      const silence = spacingMs(bursts[0]![3]!, bursts[1]![0]!, i);
      expect(silence).toBeGreaterThan(longestInside + 5);
      expect(silence).toBeLessThan(750);
    });
  });

  test('another HIGH alarm taking over mid-pulse (the first ended) continues the same rhythm: no cut, no gap, no extra pulse', async ({ page }) => {
    const period = s(burstPeriodMs(HIGH)!);
    const probe = await renderSchedule(page, { durationS: 1, requests: [{ at: 0.1, request: alarm('first', 'HIGH') }], pumpEveryS: 0.25 });
    const start = probe.firstBursts[0]!.startsAt;
    const r = await renderSchedule(page, {
      durationS: start + period + s(burstLengthMs(HIGH)) + 0.5,
      requests: [
        { at: 0.1, request: alarm('first', 'HIGH') },
        { at: midPulse(start, 6), request: alarm('second', 'HIGH', 2) },
      ],
      pumpEveryS: 0.25,
    });
    const bursts = groupIntoBursts(r.pulses, BURST_GAP_MS);
    expect(bursts.map((b) => b.length)).toEqual([10, 10]);
    expect(bursts.flatMap((b, i) => burstViolations('HIGH', b, `burst ${i + 1}`))).toEqual([]);
    expect(Math.abs(bursts[1]![0]!.riseAtMs[0]! - bursts[0]![0]!.riseAtMs[0]! - period * 1000)).toBeLessThan(0.5);
    expect(bursts[1]![0]!.peak / bursts[0]![0]!.peak).toBeCloseTo(escalationGain(2) / escalationGain(1), 2);
    expect(r.firstBursts.map((b) => [b.alarmId, Math.abs(b.startsAt - start - (b.alarmId === 'first' ? 0 : period)) < 1e-6])).toEqual([
      ['first', true],
      ['second', true],
    ]);
  });

  test('AUDIO PAUSED between pulses: the pulses already on the clock ahead of it never sound', async ({ page }) => {
    const probe = await renderSchedule(page, { durationS: 1, requests: [{ at: 0.1, request: alarm('p', 'HIGH') }], pumpEveryS: 0.25 });
    const start = probe.firstBursts[0]!.startsAt;
    // In the pause between the two halves of the burst: pulses 6-10 and the next two bursts are already scheduled.
    const pauseAt = start + s(HIGH.pulseStartsMs[4]! + HIGH.envelopeMs + 300);
    const r = await renderSchedule(page, {
      durationS: start + s(2 * burstPeriodMs(HIGH)!) + 0.5,
      requests: [
        { at: 0.1, request: alarm('p', 'HIGH') },
        { at: pauseAt, request: null },
      ],
      pumpEveryS: 0.25,
    });
    expect(r.pulses).toHaveLength(5);
    expect(r.pulses.flatMap((p, i) => pulseViolations('HIGH', p, `pulse ${i + 1}`))).toEqual([]);
  });
});
