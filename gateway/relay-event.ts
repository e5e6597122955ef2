import { z } from 'zod';
import { JournalEntrySchema, JournalIdSchema } from '../shared/protocol/journal';

/**
 * What one gateway process tells the others (socket.io's serverSideEmit over
 * the Redis adapter): each journal entry it made, so every process sends it
 * to its own stations at once, with its own per-connection sequence numbers.
 * Pub/sub may lose a message; the journal in Redis does not, and a station
 * whose position cannot pass a missing entry reads it from there (see
 * shared/protocol/README.md, "Episodes and the journal").
 */
export const RELAY_EVENT = 'vigil:relay';

export const RelayEventSchema = z.object({ kind: z.literal('journal'), journalId: JournalIdSchema, entry: JournalEntrySchema }).strict();
export type RelayEvent = z.infer<typeof RelayEventSchema>;
