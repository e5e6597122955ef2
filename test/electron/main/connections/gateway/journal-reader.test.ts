import { describe, expect, it } from 'vitest';
import type { DeviceEpisode } from '../../../../../shared/protocol/episode';
import type { HeartbeatMessage } from '../../../../../shared/protocol/gateway-message';
import type { JournalEntry, JournalPage } from '../../../../../shared/protocol/journal';
import type { Snapshot } from '../../../../../shared/protocol/snapshot';
import { PROTOCOL_VERSION } from '../../../../../shared/protocol/version';
import { JOURNAL_HOLE_MS, JournalReader } from '../../../../../electron/main/connections/gateway/journal-reader';
import type { LoadedPosition } from '../../../../../electron/main/connections/gateway/position-file';
import { silentLogger } from '../../../../../electron/main/logging/logger';
import { FakeClock } from '../../../../support/fake-clock';

const J = 'j-0000000001';
const ep = (id: string, end: DeviceEpisode['end'] = null): DeviceEpisode => ({ bedId: 'bed-01', code: 'VT', message: 'V-Tach', priority: 'HIGH', source: 'device', deviceAlarmId: id, episodeId: id, onsetAt: 1, end });
const entry = (pos: number, episode: DeviceEpisode): JournalEntry => ({ kind: 'episode', pos, at: 0, episode });

function reader(loaded: LoadedPosition) {
  const clock = new FakeClock();
  const open = new Set<string>();
  const log = { ingested: [] as string[], endedUnknown: [] as string[], gaps: [] as Array<{ reason: string; from: number | null }> };
  const r = new JournalReader({
    episodes: {
      ingest: (e) => {
        log.ingested.push(`${e.episodeId}:${e.end ? 'end' : 'onset'}`);
        if (e.end) open.delete(e.episodeId);
        else open.add(e.episodeId);
        return true;
      },
      isOpen: (id) => open.has(id),
      endUnknown: (id) => void log.endedUnknown.push(id),
    },
    acks: { applyRemote: () => null },
    escalations: { remoteEscalation: () => undefined, replace: () => undefined },
    gap: { raise: (reason, from) => (log.gaps.push({ reason, from }), 'gap-alarm') },
    positions: { note: () => undefined },
    loaded,
    log: silentLogger,
    clock,
  });
  return { r, clock, log };
}

const snapshot = (journal: Snapshot['journal'], episodes: DeviceEpisode[] = []): Snapshot => ({
  v: PROTOCOL_VERSION,
  type: 'snapshot',
  at: 0,
  gatewayId: 'g',
  seqs: { waveform: 0, numerics: 0, events: 0 },
  beds: [],
  numerics: [],
  journal,
  episodes,
  acks: [],
  escalations: [],
  stations: [],
});
const heartbeat = (head: number, journalId = J): HeartbeatMessage => ({ v: PROTOCOL_VERSION, type: 'heartbeat', at: 0, seqs: { waveform: 0, numerics: 0, events: 0 }, journal: { journalId, head }, shedWaveformFrames: 0 });
const pageOf = (entries: JournalEntry[], journal: Snapshot['journal']) => async (after: number): Promise<JournalPage> => ({ v: PROTOCOL_VERSION, type: 'journal-page', journal, entries: entries.filter((e) => e.pos > after) });

describe('gateway feed: reading the journal', () => {
  it('a hole that does not fill within 2 s (monotonic) asks for a resync; another journal asks at once', () => {
    const { r, clock } = reader({ kind: 'saved', saved: { position: { journalId: J, pos: 1 }, completeUntil: 0 } });
    expect(r.live(J, entry(3, ep('b')))).toBe('ok');
    expect(r.heartbeat(heartbeat(3))).toBe('ok');
    clock.stepWall(10 * 60_000); // a clock change is not time passing
    clock.advance(JOURNAL_HOLE_MS - 1);
    expect(r.heartbeat(heartbeat(3))).toBe('ok');
    clock.advance(1);
    expect(r.heartbeat(heartbeat(3))).toBe('resync');
    expect(r.heartbeat(heartbeat(3, 'j-0000000002'))).toBe('resync');
    expect(r.live('j-0000000002', entry(4, ep('c')))).toBe('resync');
  });

  it('resumes from a saved position: reads every entry after it, no gap; an episode that ended unseen is ended with an unknown end only when the journal could not say', async () => {
    const { r, log } = reader({ kind: 'saved', saved: { position: { journalId: J, pos: 2 }, completeUntil: 5 } });
    const journal = { journalId: J, oldest: 1, head: 4, createdAt: 0 };
    expect(await r.catchUp(snapshot(journal), pageOf([entry(3, ep('gap')), entry(4, ep('gap', { at: 2, reason: 'ended' }))], journal))).toBe(true);
    expect(log.ingested).toEqual(['gap:onset', 'gap:end']);
    expect(log.gaps).toEqual([]);
    expect(r.position()).toEqual({ journalId: J, pos: 4 });

    // The station shows 'x' open; the gateway restarts without its journal and no longer has it.
    r.live(J, entry(5, ep('x')));
    const fresh = { journalId: 'j-0000000009', oldest: 1, head: 0, createdAt: 0 };
    expect(await r.catchUp(snapshot(fresh), pageOf([], fresh))).toBe(true);
    expect(log.gaps).toEqual([{ reason: 'journal-replaced', from: expect.any(Number) }]);
    expect(log.endedUnknown).toEqual(['x']);
  });

  it('without a position: the current picture, and the gap named from "unknown"', async () => {
    const { r, log } = reader({ kind: 'unreadable', reason: 'not JSON' });
    const journal = { journalId: J, oldest: 1, head: 7, createdAt: 0 };
    expect(await r.catchUp(snapshot(journal, [ep('active')]), pageOf([], journal))).toBe(true);
    expect(log.gaps).toEqual([{ reason: 'no-position', from: null }]);
    expect(log.ingested).toEqual(['active:onset']);
    expect(r.position()).toEqual({ journalId: J, pos: 7 });
  });
});
