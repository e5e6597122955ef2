import { z } from 'zod';
import { AckRecordSchema } from '../shared/protocol/acknowledgement';
import { ProtocolDeviceAlarmSchema } from '../shared/protocol/device-alarm';
import { EscalationRecordSchema } from '../shared/protocol/escalation';

/**
 * What one gateway process tells the others (socket.io's serverSideEmit over
 * the Redis adapter) so that every station sees the same alarm state
 * whichever process it is connected to. Each process then sends it to its own
 * stations with its own per-connection sequence numbers.
 */
export const RELAY_EVENT = 'vigil:relay';

const key = z.string().min(1).max(200);
export const RelayEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('device-alarm'), alarm: ProtocolDeviceAlarmSchema }).strict(),
  z.object({ kind: z.literal('ack'), key, ack: AckRecordSchema, fromStation: z.string().max(48) }).strict(),
  z.object({ kind: z.literal('escalation'), key, escalation: EscalationRecordSchema }).strict(),
]);
export type RelayEvent = z.infer<typeof RelayEventSchema>;
