import { describe, expect, it } from 'vitest';
import { RecordClock } from '../../../../electron/main/disclosure/record-clock';
import { FakeClock } from '../../../support/fake-clock';

describe('record clock', () => {
  it('follows time passing and ignores wall-clock steps, so neither the record nor retention moves when someone sets the clock', () => {
    const clock = new FakeClock({ wall: Date.UTC(2026, 0, 15, 3, 0, 0) });
    const record = new RecordClock(clock);
    const start = record.now();
    clock.advance(60_000);
    expect(record.now()).toBe(start + 60_000);
    clock.stepWall(-3_600_000);
    expect(record.now()).toBe(start + 60_000);
    expect(record.wallOffset()).toBe(-3_600_000);
    clock.stepWall(+24 * 3_600_000);
    clock.advance(1_000);
    expect(record.now()).toBe(start + 61_000);
  });
});
