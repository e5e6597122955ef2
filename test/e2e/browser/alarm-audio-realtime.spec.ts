import { expect, test, type Page } from '@playwright/test';
import { BURST_PATTERNS, burstLengthMs, burstPeriodMs, escalationGain } from '../../../renderer/src/audio/iec-burst-patterns';
import { groupIntoBursts, type MeasuredPulse } from '../../support/audio-pulses';
import { burstIntervalViolations, burstViolations, pulseViolations } from '../../support/iec-auditory-signals';
import type { TapPlan, TapResult } from './support/sounder-tap';
import { openProbePage } from './support/probe-page';

/**
 * The app's AlarmSounder on a real-time AudioContext in Chromium, recorded on
 * the audio thread (support/sounder-tap.ts) while the test escalates the
 * alarm mid-burst, blocks the page's main thread across the moment the next
 * burst is due, or suspends the context mid-pulse. Pulse positions are read on
 * the audio clock's own sample grid, so the load on this machine cannot blur
 * them; what it could do – delay the sounder's JavaScript – is exactly what
 * must not move a pulse.
 */
const HIGH = BURST_PATTERNS.HIGH;
const PERIOD_S = burstPeriodMs(HIGH)! / 1000;
const BURST_GAP_MS = 1500;
const request = (escalationLevel: number) => ({ alarmId: 'rt', priority: 'HIGH' as const, escalationLevel });
const midPulseS = (index: number) => (HIGH.pulseStartsMs[index]! + HIGH.envelopeMs / 2) / 1000;

/**
 * Records the sounder playing `plan`. If the recorder itself missed render
 * quanta after the first sound (Chromium skips a worklet's calls on an
 * overloaded machine), that recording cannot judge the sounder: it is taken
 * again, up to three times, and the test fails if none is whole.
 */
async function recordSounder(page: Page, plan: TapPlan): Promise<TapResult> {
  const holes: TapResult['lostAfterOnset'][] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await openProbePage(page);
    const result = await page.evaluate((p) => (window as unknown as { recordSounder(p: TapPlan): Promise<TapResult> }).recordSounder(p), plan);
    if (result.lostAfterOnset.length === 0) return result;
    holes.push(result.lostAfterOnset);
  }
  throw new Error(`the recorder lost render quanta in every attempt: ${JSON.stringify(holes)}`);
}

/** Two whole HIGH bursts, exactly one period apart on the audio clock. */
function expectTwoWholeBursts(pulses: MeasuredPulse[]): MeasuredPulse[][] {
  const bursts = groupIntoBursts(pulses, BURST_GAP_MS);
  expect(bursts.map((b) => b.length)).toEqual([10, 10]);
  expect(bursts.flatMap((b, i) => burstViolations('HIGH', b, `burst ${i + 1}`))).toEqual([]);
  expect(burstIntervalViolations('HIGH', bursts[0]!, bursts[1]!)).toEqual([]);
  // One period, to the sample: the meter reads edges to ~0.2 ms.
  expect(Math.abs(bursts[1]![0]!.riseAtMs[0]! - bursts[0]![0]!.riseAtMs[0]! - PERIOD_S * 1000)).toBeLessThan(0.5);
  return bursts;
}

test.beforeEach(async ({ page }) => openProbePage(page));

test('escalated mid-pulse and with the main thread blocked across the next burst: every pulse whole, the period exact', async ({ page }) => {
  test.setTimeout(90_000);
  const blockFromS = PERIOD_S - 1.5;
  const r = await recordSounder(page, {
    first: request(1),
    steps: [
      { afterOnsetS: midPulseS(2), sound: request(2) },
      // 2.5 s of solid JavaScript from 1.5 s before the second burst is due: no timer of the sounder runs.
      { afterOnsetS: blockFromS, blockMainThreadMs: 2500 },
    ],
    recordUntilS: PERIOD_S + burstLengthMs(HIGH) / 1000 + 0.4,
  });
  const bursts = expectTwoWholeBursts(r.pulses);
  // The block happened, and it covered the moment the second burst began.
  expect(r.blockedMs[0]).toBeGreaterThanOrEqual(2500);
  expect(r.stepAtMs[1]).toBeLessThan(bursts[1]![0]!.riseAtMs[0]! - 1000);
  expect(r.stepAtMs[1]! + r.blockedMs[0]!).toBeGreaterThan(bursts[1]![0]!.riseAtMs[0]!);
  // The escalation landed inside pulse 3 of the first burst, which still finished at level 1.
  expect(r.stepAtMs[0]).toBeGreaterThan(bursts[0]![2]!.riseAtMs[2]!);
  expect(r.stepAtMs[0]).toBeLessThan(bursts[0]![2]!.fallAtMs[2]!);
  expect(bursts[1]![0]!.peak / bursts[0]![0]!.peak).toBeCloseTo(escalationGain(2) / escalationGain(1), 2);
});

test('a context suspended mid-pulse is resumed by the sounder: the rhythm continues on the audio clock and the pulse fades back in', async ({ page }) => {
  test.setTimeout(90_000);
  const r = await recordSounder(page, {
    first: request(1),
    steps: [{ afterOnsetS: midPulseS(1), suspendForMs: 600 }],
    recordUntilS: PERIOD_S + burstLengthMs(HIGH) / 1000 + 0.4,
    // Split pulse 2 where the output stopped: read at 20 % as silence, its two parts are separate pulses.
    silenceBelow: 0.2,
  });
  expect(r.resumedBySounder).toEqual([true]);
  // The suspension was reported (the main process turns it into AUDIO_UNAVAILABLE), then health came back.
  expect(r.health).toContainEqual({ ok: false, reason: 'audio context suspended' });
  expect(r.health.at(-1)).toEqual({ ok: true });
  // On the recording (the graph's own clock) pulse 2 stops where the output stopped, and its rest
  // fades in from silence on resume instead of restarting at full amplitude.
  const at = r.suspendedAtMs[0]!;
  const bursts = groupIntoBursts(r.pulses, BURST_GAP_MS);
  expect(bursts.map((b) => b.length)).toEqual([11, 10]);
  const [before, after] = [r.pulses[1]!, r.pulses[2]!];
  expect(Math.abs(before.fallAtMs[1]! - at)).toBeLessThan(3);
  expect(after.riseAtMs[0]!).toBeGreaterThanOrEqual(at - 1);
  expect(after.riseTimeMs).toBeGreaterThanOrEqual(12);
  expect(after.fallTimeMs).toBeGreaterThanOrEqual(12);
  // Everything else is whole, and nothing moved: the second burst comes one period after the first.
  const rest = [r.pulses[0]!, ...r.pulses.slice(3)];
  expect(rest.flatMap((p, i) => pulseViolations('HIGH', p, `pulse ${i}`))).toEqual([]);
  expect(burstViolations('HIGH', bursts[1]!, 'second burst')).toEqual([]);
  expect(Math.abs(bursts[1]![0]!.riseAtMs[0]! - bursts[0]![0]!.riseAtMs[0]! - PERIOD_S * 1000)).toBeLessThan(0.5);
});
