import { z } from 'zod';
import { BedIdSchema, BedSchema } from '../domain/bed';
import { NumericSchema, NUMERIC_KINDS } from '../domain/numeric';
import { AckRecordSchema } from './acknowledgement';
import { ProtocolDeviceAlarmSchema } from './device-alarm';
import { EscalationRecordSchema } from './escalation';
import { MAX_GATEWAY_BEDS, MAX_LEDGER_ENTRIES } from './limits';
import { StreamSeqsSchema } from './streams';

/**
 * The answer to `resync`, asked for on every (re)connect and after any gap:
 * the whole picture as of the stream positions in `seqs`. Every message the
 * connection delivers after it has a higher sequence number; every one
 * before it is already reflected in it.
 *
 * - beds: the gateway's beds in waveform-frame order (bedIndex = position),
 *   and whether each is live (has sent data within the no-data timeout)
 * - numerics: the current numerics of live beds
 * - deviceAlarms: device alarms currently active (phase start/continue)
 * - acks: the winning acknowledgement of each recent episode
 * - escalations: the highest escalation level reported for each recent episode
 */
export const SnapshotSchema = z
  .object({
    v: z.number().int(),
    type: z.literal('snapshot'),
    at: z.number().int().nonnegative(),
    gatewayId: z.string().min(1).max(64),
    seqs: StreamSeqsSchema,
    beds: z.array(z.object({ bed: BedSchema, live: z.boolean() }).strict()).max(MAX_GATEWAY_BEDS),
    numerics: z.array(z.object({ bedId: BedIdSchema, numerics: z.array(NumericSchema).min(1).max(NUMERIC_KINDS.length * 4) }).strict()).max(MAX_GATEWAY_BEDS),
    deviceAlarms: z.array(ProtocolDeviceAlarmSchema).max(MAX_LEDGER_ENTRIES),
    acks: z.array(AckRecordSchema).max(MAX_LEDGER_ENTRIES),
    escalations: z.array(EscalationRecordSchema).max(MAX_LEDGER_ENTRIES),
  })
  .strict();
export type Snapshot = z.infer<typeof SnapshotSchema>;
