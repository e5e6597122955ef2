import { describe, expect, it } from 'vitest';
import { countAudit, queryAudit } from '../../../../electron/main/audit/writer/audit-query';
import type { AuditRowRecord } from '../../../../electron/main/audit/audit-row';
import { events, openCore, openRaw, tempDir } from './audit-test-kit';

describe('time-filtered queries', () => {
  it('match a brute-force filter even with clock jitter and steps back within tolerance', () => {
    const file = `${tempDir()}/audit.db`;
    const core = openCore(file);
    // A jittery clock: mostly forward, sometimes up to 0.9 s back, bursts on the same ms.
    let utc = Date.now();
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const batch = events(2_000).map((e) => {
      const r = random();
      utc += r < 0.2 ? -Math.floor(random() * 900) : r < 0.4 ? 0 : Math.floor(random() * 300);
      return { ...e, utcMs: utc };
    });
    core.append(batch, false, []);
    core.close();

    const db = openRaw(file, true);
    const all = db.prepare('SELECT * FROM audit_log ORDER BY seq DESC').all() as AuditRowRecord[];
    const min = Math.min(...all.map((r) => r.utc_ms));
    const max = Math.max(...all.map((r) => r.utc_ms));
    for (let i = 0; i < 40; i++) {
      const a = min + Math.floor(random() * (max - min));
      const b = a + Math.floor(random() * (max - min) * (i % 2 ? 0.05 : 0.5));
      const bedId = i % 3 === 0 ? 'bed-05' : undefined;
      const expected = all.filter((r) => r.utc_ms >= a && r.utc_ms < b && (bedId === undefined || r.bed_id === bedId)).map((r) => r.seq);
      const got: number[] = [];
      let afterSeq: number | undefined;
      do {
        const page = queryAudit(db, { fromUtc: a, toUtc: b, bedId, limit: 97, afterSeq });
        got.push(...page.rows.map((r) => r.seq));
        afterSeq = page.nextAfterSeq ?? undefined;
      } while (afterSeq !== undefined);
      expect(got).toEqual(expected);
      expect(countAudit(db, { fromUtc: a, toUtc: b, bedId })).toBe(expected.length);
    }
    db.close();
  });
});

describe('filtering on several actions', () => {
  it('matches any of the listed actions, combined with the bed, and nothing for an empty list', () => {
    const file = `${tempDir()}/audit.db`;
    const core = openCore(file);
    const actions = ['alarm.onset', 'connection.up', 'alarm.resolved', 'limits.changed'] as const;
    const batch = events(60).map((e, i) => ({ ...e, action: actions[i % 4]!, bedId: i % 3 ? 'bed-01' : 'bed-02' }));
    core.append(batch, false, []);
    const expected = batch.filter((e) => e.bedId === 'bed-02' && (e.action === 'alarm.onset' || e.action === 'alarm.resolved')).length;
    core.close();
    const db = openRaw(file, true);
    const filter = { bedId: 'bed-02', actions: ['alarm.onset', 'alarm.resolved'] as const };
    const page = queryAudit(db, { ...filter, limit: 100 });
    expect(new Set(page.rows.map((r) => r.action))).toEqual(new Set(['alarm.onset', 'alarm.resolved']));
    expect(page.rows.every((r) => r.bedId === 'bed-02')).toBe(true);
    expect(page.rows).toHaveLength(expected);
    expect(expected).toBe(10);
    expect(countAudit(db, filter)).toBe(expected);
    expect(queryAudit(db, { actions: [], limit: 10 }).rows).toEqual([]);
    db.close();
  });
});
