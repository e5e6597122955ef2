import { z } from 'zod';
import { BedIdSchema, BedSchema } from '../domain/bed';
import { NumericSchema, NUMERIC_KINDS } from '../domain/numeric';
import { AckRecordSchema } from './acknowledgement';
import { DeviceEpisodeSchema } from './episode';
import { EscalationRecordSchema } from './escalation';
import { JournalStateSchema } from './journal';
import { MAX_GATEWAY_BEDS, MAX_LEDGER_ENTRIES, MAX_STATIONS } from './limits';
import { StationPresenceSchema } from './presence';
import { StreamSeqsSchema } from './streams';

/**
 * The answer to `resync`, asked for on every (re)connect and after any gap:
 * the current picture as of the stream positions in `seqs`. Every message the
 * connection delivers after it has a higher sequence number; every one
 * before it is already reflected in it. What happened while the station was
 * away is not in here: it reads that from the journal (`journal` requests),
 * starting after its own position, and `journal` says whether it still can
 * (see journal.ts, judgeResume).
 *
 * - beds: the gateway's beds in waveform-frame order (bedIndex = position),
 *   and whether each is live (has sent data within the no-data timeout)
 * - numerics: the current numerics of live beds
 * - journal: the journal's identity and the entries it holds; `episodes`,
 *   `acks` and `escalations` reflect it up to `journal.head`
 * - episodes: device episodes that have not ended
 * - acks: the winning acknowledgement of recent episodes
 * - escalations: the highest escalation level reported for recent episodes
 * - stations: the other stations that have connected, and whether they still are
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
    journal: JournalStateSchema,
    episodes: z.array(DeviceEpisodeSchema).max(MAX_LEDGER_ENTRIES),
    acks: z.array(AckRecordSchema).max(MAX_LEDGER_ENTRIES),
    escalations: z.array(EscalationRecordSchema).max(MAX_LEDGER_ENTRIES),
    stations: z.array(StationPresenceSchema).max(MAX_STATIONS),
  })
  .strict();
export type Snapshot = z.infer<typeof SnapshotSchema>;
