import { z } from 'zod';
import { BedIdSchema } from '../domain/bed';
import { NumericSchema, NUMERIC_KINDS } from '../domain/numeric';
import { AckRecordSchema } from './acknowledgement';
import { ProtocolDeviceAlarmSchema } from './device-alarm';
import { EscalationRecordSchema } from './escalation';
import { MAX_GATEWAY_BEDS } from './limits';
import { SequenceNumberSchema, StreamSeqsSchema, type StreamName } from './streams';

/**
 * The JSON messages a gateway sends a station (event `m`). Every one carries
 * the protocol version `v`, its `type`, and (except the heartbeat) its
 * stream's sequence number `seq`; `at` is the gateway's clock (epoch ms).
 */
const envelope = { v: z.number().int(), seq: SequenceNumberSchema, at: z.number().int().nonnegative() };

export const NumericsMessageSchema = z
  .object({
    ...envelope,
    type: z.literal('numerics'),
    beds: z
      .array(z.object({ bedId: BedIdSchema, numerics: z.array(NumericSchema).min(1).max(NUMERIC_KINDS.length * 4) }).strict())
      .min(1)
      .max(MAX_GATEWAY_BEDS),
  })
  .strict();

export const DeviceAlarmMessageSchema = z.object({ ...envelope, type: z.literal('device-alarm'), alarm: ProtocolDeviceAlarmSchema }).strict();

/** The winning acknowledgement of an episode, relayed from another station. */
export const AckMessageSchema = z.object({ ...envelope, type: z.literal('ack'), ack: AckRecordSchema }).strict();

export const EscalationMessageSchema = z.object({ ...envelope, type: z.literal('escalation'), escalation: EscalationRecordSchema }).strict();

/**
 * Sent every heartbeatMs (the station asked for the interval in its
 * handshake). Besides proving the link is alive it carries the last sequence
 * number of each stream, so a lost last message is noticed even when nothing
 * follows it, and how much waveform the gateway shed for this station.
 */
export const HeartbeatMessageSchema = z
  .object({
    v: z.number().int(),
    type: z.literal('heartbeat'),
    at: z.number().int().nonnegative(),
    seqs: StreamSeqsSchema,
    /** Waveform frames the gateway dropped for this station because its link was backed up (cumulative). */
    shedWaveformFrames: z.number().int().nonnegative(),
  })
  .strict();

export const GatewayMessageSchema = z.discriminatedUnion('type', [
  NumericsMessageSchema,
  DeviceAlarmMessageSchema,
  AckMessageSchema,
  EscalationMessageSchema,
  HeartbeatMessageSchema,
]);
export type GatewayMessage = z.infer<typeof GatewayMessageSchema>;
export type GatewayMessageType = GatewayMessage['type'];
export type NumericsMessage = z.infer<typeof NumericsMessageSchema>;
export type DeviceAlarmMessage = z.infer<typeof DeviceAlarmMessageSchema>;
export type AckMessage = z.infer<typeof AckMessageSchema>;
export type EscalationMessage = z.infer<typeof EscalationMessageSchema>;
export type HeartbeatMessage = z.infer<typeof HeartbeatMessageSchema>;

/** Which stream each sequenced message type travels on. */
export const STREAM_OF: Readonly<Record<Exclude<GatewayMessageType, 'heartbeat'>, StreamName>> = {
  numerics: 'numerics',
  'device-alarm': 'events',
  ack: 'events',
  escalation: 'events',
};

export const GATEWAY_MESSAGE_TYPES: readonly GatewayMessageType[] = ['numerics', 'device-alarm', 'ack', 'escalation', 'heartbeat'];
