import { describe, expect, it } from 'vitest';
import { TECHNICAL_ALARM_DEFAULTS } from '../../../../electron/main/alarms/technical-alarms';
import { codes, harness, onsets, only } from './alarm-test-kit';

/** Technical alarm conditions: about the equipment, not the patient. */
describe('technical alarms', () => {
  it.each(['no-data', 'unknown'] as const)('NO_DATA is raised for a bed whose feed is %s, and cleared when it is live', (feed) => {
    const h = harness();
    h.bedStatus('bed-2', feed);
    expect(only(h.engine, 'NO_DATA')).toMatchObject({ bedId: 'bed-2', source: 'technical', priority: 'MEDIUM', latching: false, state: 'active' });
    h.bedStatus('bed-2', feed); // repeated status: still one alarm
    expect(onsets(h.audit, 'NO_DATA')).toBe(1);
    h.bedStatus('bed-2', 'live');
    expect(h.engine.list()).toEqual([]);
  });

  it('LEAD_OFF is raised only on a live feed', () => {
    const h = harness();
    h.bedStatus('bed-1', 'live', true);
    expect(only(h.engine, 'LEAD_OFF')).toMatchObject({ bedId: 'bed-1', priority: 'MEDIUM', source: 'technical' });
    h.bedStatus('bed-1', 'live', false);
    expect(h.engine.list()).toEqual([]);
  });

  it('a silent bed shows NO_DATA only, not LEAD_OFF as well (one cause, one alarm)', () => {
    const h = harness();
    h.bedStatus('bed-1', 'live', true);
    h.bedStatus('bed-1', 'no-data', true);
    expect(codes(h.engine)).toEqual(['NO_DATA']);
    h.bedStatus('bed-1', 'live', true);
    expect(codes(h.engine)).toEqual(['LEAD_OFF']);
  });

  it('a live bed with leads on has no technical alarm', () => {
    const h = harness();
    h.bedStatus('bed-1', 'live', false);
    expect(h.engine.list()).toEqual([]);
  });

  it('raiseTechnical returns the alarm id; raising again returns the same alarm; clearTechnical ends it', () => {
    const h = harness();
    const id = h.engine.raiseTechnical('COMMS_LOST', { bedId: null });
    expect(only(h.engine, 'COMMS_LOST')).toMatchObject({ alarmId: id, bedId: null, priority: 'HIGH', source: 'technical', message: TECHNICAL_ALARM_DEFAULTS.COMMS_LOST.message });
    expect(h.engine.raiseTechnical('COMMS_LOST', { bedId: null })).toBe(id);
    expect(onsets(h.audit, 'COMMS_LOST')).toBe(1);
    h.engine.clearTechnical('COMMS_LOST', null);
    expect(h.engine.list()).toEqual([]);
    expect(h.audit.entries('alarm.resolved')).toEqual([expect.objectContaining({ alarmId: id })]);
  });

  it('the same code for different beds is different alarms; clearing one leaves the other', () => {
    const h = harness();
    h.engine.raiseTechnical('SENSOR_FAULT', { bedId: 'bed-1' });
    h.engine.raiseTechnical('SENSOR_FAULT', { bedId: 'bed-2' });
    h.engine.clearTechnical('SENSOR_FAULT', 'bed-1');
    expect(h.engine.list().map((a) => a.bedId)).toEqual(['bed-2']);
  });

  it('clearing a technical alarm that is not raised is harmless', () => {
    const h = harness();
    h.engine.clearTechnical('COMMS_LOST', null);
    expect(h.engine.list()).toEqual([]);
    expect(h.audit.actions()).toEqual([]);
  });

  it('an unknown code with no priority defaults to HIGH (the unsafe case)', () => {
    const h = harness();
    h.engine.raiseTechnical('GATEWAY_CERT_EXPIRED', { bedId: null });
    expect(only(h.engine, 'GATEWAY_CERT_EXPIRED')).toMatchObject({ priority: 'HIGH', message: 'GATEWAY_CERT_EXPIRED' });
  });

  it('an explicit priority, message and latching are honoured', () => {
    const h = harness();
    h.engine.raiseTechnical('PRINTER', { bedId: null, priority: 'LOW', message: 'Printer offline', latching: true });
    expect(only(h.engine, 'PRINTER')).toMatchObject({ priority: 'LOW', message: 'Printer offline', latching: true });
    h.engine.clearTechnical('PRINTER', null);
    expect(only(h.engine, 'PRINTER').state).toBe('resolved');
  });

  it('raising a present technical alarm at a higher priority makes a new alarm', () => {
    const h = harness();
    const medium = h.engine.raiseTechnical('AUDIO_DEGRADED', { bedId: null, priority: 'MEDIUM' });
    const high = h.engine.raiseTechnical('AUDIO_DEGRADED', { bedId: null, priority: 'HIGH' });
    expect(high).not.toBe(medium);
    expect(only(h.engine, 'AUDIO_DEGRADED')).toMatchObject({ alarmId: high, priority: 'HIGH' });
    // A lower one changes nothing.
    expect(h.engine.raiseTechnical('AUDIO_DEGRADED', { bedId: null, priority: 'LOW' })).toBe(high);
  });

  it('the station-wide technical alarms are HIGH, the per-bed ones MEDIUM', () => {
    expect(TECHNICAL_ALARM_DEFAULTS.COMMS_LOST.priority).toBe('HIGH');
    expect(TECHNICAL_ALARM_DEFAULTS.AUDIO_UNAVAILABLE.priority).toBe('HIGH');
    expect(TECHNICAL_ALARM_DEFAULTS.RENDERER_UNRESPONSIVE.priority).toBe('HIGH');
    expect(TECHNICAL_ALARM_DEFAULTS.NO_DATA.priority).toBe('MEDIUM');
    expect(TECHNICAL_ALARM_DEFAULTS.LEAD_OFF.priority).toBe('MEDIUM');
  });
});
