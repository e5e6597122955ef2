import { describe, expect, it } from 'vitest';
import { countAudit, queryAudit } from '../../../../electron/main/audit/audit-query';
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
