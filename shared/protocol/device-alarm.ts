import { DeviceAlarmSchema, type DeviceAlarmInput } from '../alarms/device-alarm';

/**
 * A device-reported alarm as the gateway relays it: exactly the alarm
 * engine's input (shared/alarms/device-alarm.ts), so the station hands it
 * over unchanged; the device's own id is the alarm's identity across stations.
 */
export const ProtocolDeviceAlarmSchema = DeviceAlarmSchema;
export type ProtocolDeviceAlarm = DeviceAlarmInput;
