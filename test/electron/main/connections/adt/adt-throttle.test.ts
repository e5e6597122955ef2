import { describe, expect, it } from 'vitest';
import { THROTTLE_QUIET_MS } from '../../../../../electron/main/connections/hl7/hl7-listener';
import { throttledSendersAlarm } from '../../../../../electron/main/connections/hl7/throttled-senders-alarm';
import { ADT_BED_MAP, adtMessage, adtStationsClosedAfterEach, type AdtStation } from './adt-test-kit';

const adtStation = adtStationsClosedAfterEach();

const throttledAlarms = (s: AdtStation) => s.h.station.alarms.list().filter((a) => a.code === 'HL7_SENDER_THROTTLED');

/**
 * The ADT listener is the same trust boundary as the device listener: a
 * sender over its rate is answered AE (the admission must be resent, so it
 * arrives late), counted, shown to IT, and an alarm of the ADT listener's
 * own – a monitor being throttled, or slowing down, neither hides nor
 * clears it.
 */
describe('ADT listener: a sender over its message rate', () => {
  it('is answered AE and not taken, counted, shown on the status screen, and named in an HL7_SENDER_THROTTLED of the ADT listener’s own', async () => {
    const s = await adtStation({ config: { adt: { port: 0, processingIds: ['P', 'T'], bedMap: ADT_BED_MAP, rateLimit: { messagesPerSecond: 1, burst: 2 } } } });
    // A monitor on the device listener is being throttled too (its alarm has no subject).
    const devices = throttledSendersAlarm(s.h.station.alarms, { label: 'HL7' });
    devices(['10.20.4.31']);
    const codes = [];
    for (const id of ['a01', 'a02', 'a03']) codes.push((await s.client.request(adtMessage(id))).code);
    expect(codes.slice(0, 2)).not.toContain('AE');
    expect(codes[2]).toBe('AE');
    await expect.poll(() => throttledAlarms(s).map((a) => a.message).sort()).toEqual([
      'ADT sender 127.0.0.1 over its message rate: messages refused',
      'HL7 sender 10.20.4.31 over its message rate: messages refused',
    ]);
    const adt = s.h.station.status().connections.find((c) => c.name === 'adt')!;
    expect(adt.warnings).toEqual(['Sender 127.0.0.1 is over its message rate: 1 message refused (AE, to be sent again)']);
    expect(s.h.station.status().rejections.bySourceAndReason).toContainEqual(expect.objectContaining({ source: 'adt:127.0.0.1', reason: 'throttled', count: 1 }));

    // The monitor slows down: the HIS's alarm stays.
    devices([]);
    expect(throttledAlarms(s).map((a) => a.message)).toEqual(['ADT sender 127.0.0.1 over its message rate: messages refused']);
    devices(['10.20.4.31']);
    // The HIS slows down: its alarm lapses (checked once a second), the monitor's stays.
    s.h.clock.advance(THROTTLE_QUIET_MS + 1_000);
    await expect.poll(() => throttledAlarms(s).map((a) => a.message), { timeout: 3_000 }).toEqual(['HL7 sender 10.20.4.31 over its message rate: messages refused']);
  });
});
