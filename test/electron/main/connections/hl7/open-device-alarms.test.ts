import { describe, expect, it } from 'vitest';
import type { DeviceAlarmInput } from '../../../../../electron/main/alarms/device-alarm';
import { OpenDeviceAlarms } from '../../../../../electron/main/connections/hl7/open-device-alarms';

const alarm = (id: string, phase: DeviceAlarmInput['phase'], bedId = 'bed-1'): DeviceAlarmInput => ({
  bedId, code: 'LEAD_OFF', message: 'ECG lead off', priority: 'MEDIUM', source: 'technical', phase, deviceAlarmId: id,
});

describe('open device alarms (what a later "no alarm" may end)', () => {
  it('opens on start or continue, closes on end, per bed and id', () => {
    const open = new OpenDeviceAlarms();
    open.delivered(alarm('a', 'start'));
    open.delivered(alarm('b', 'continue'));
    expect([open.isOpen(alarm('a', 'end')), open.isOpen(alarm('b', 'end')), open.isOpen(alarm('a', 'end', 'bed-2'))]).toEqual([true, true, false]);
    open.delivered(alarm('a', 'end'));
    expect(open.isOpen(alarm('a', 'end'))).toBe(false);
  });

  it('is bounded: the oldest is forgotten first, and a re-raised one becomes the newest', () => {
    const open = new OpenDeviceAlarms(3);
    for (const id of ['a', 'b', 'c']) open.delivered(alarm(id, 'start'));
    open.delivered(alarm('a', 'continue'));
    open.delivered(alarm('d', 'start'));
    expect(open.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((id) => open.isOpen(alarm(id, 'end')))).toEqual([true, false, true, true]);
  });
});
