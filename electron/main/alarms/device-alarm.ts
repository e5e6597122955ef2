import { AlarmPrioritySchema, type AlarmPriority } from '../../../shared/domain/alarm-condition';
import { DeviceAlarmSchema, type DeviceAlarmInput } from '../../../shared/alarms/device-alarm';

export { DeviceAlarmSchema, type DeviceAlarmInput } from '../../../shared/alarms/device-alarm';

/**
 * Lethal arrhythmias are HIGH and latching whatever the device says: a
 * misconfigured monitor must not be able to turn asystole into a MEDIUM
 * alarm that disappears when the rhythm recovers. Only ever raises.
 */
export const LETHAL_ARRHYTHMIA_CODES: ReadonlySet<string> = new Set(['ASYSTOLE', 'VF', 'VT', 'VFIB', 'VTACH']);

export function effectiveDeviceAlarm(input: DeviceAlarmInput): { priority: AlarmPriority; latching: boolean } {
  if (LETHAL_ARRHYTHMIA_CODES.has(input.code)) return { priority: 'HIGH', latching: true };
  return {
    priority: input.priority,
    latching: input.latching ?? (input.source === 'device' && input.priority === 'HIGH'),
  };
}

/**
 * A device alarm that fails validation is repaired, never dropped: a garbled
 * priority becomes HIGH (unknown is the unsafe case), an unreadable phase
 * becomes 'continue' (raises the alarm if it is not already shown, never
 * ends one), over-long text is cut. The caller logs `problem`.
 */
export function repairDeviceAlarm(raw: DeviceAlarmInput): { alarm: DeviceAlarmInput; problem: string | null } {
  const parsed = DeviceAlarmSchema.safeParse(raw);
  if (parsed.success) return { alarm: parsed.data, problem: null };
  const r = raw as Partial<Record<keyof DeviceAlarmInput, unknown>>;
  const text = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim().length > 0 ? v : fallback);
  const code = text(r.code, 'DEVICE_ALARM').toUpperCase().replace(/[^A-Z0-9_]/g, '_').slice(0, 48);
  const priority = AlarmPrioritySchema.safeParse(r.priority);
  return {
    alarm: {
      bedId: text(r.bedId, 'unknown').slice(0, 32),
      code,
      message: text(r.message, code).slice(0, 120),
      priority: priority.success ? priority.data : 'HIGH',
      source: r.source === 'technical' ? 'technical' : 'device',
      phase: r.phase === 'start' || r.phase === 'end' ? r.phase : 'continue',
      deviceAlarmId: text(r.deviceAlarmId, code).slice(0, 64),
      latching: typeof r.latching === 'boolean' ? r.latching : undefined,
    },
    problem: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ').slice(0, 200),
  };
}
