import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../../electron/main/audit/audit-actions';
import { MAX_DETAIL_STRING_LENGTH, canonicalDetails } from '../../../../electron/main/audit/audit-details';
import { AuditEventError, normalizeAuditEvent } from '../../../../electron/main/audit/normalize-event';

describe('details', () => {
  it('are canonical: sorted keys, no whitespace, same text for the same content', () => {
    expect(canonicalDetails({ b: 1, a: 'x', c: true, d: null })).toBe('{"a":"x","b":1,"c":true,"d":null}');
    expect(canonicalDetails({ d: null, c: true, a: 'x', b: 1 })).toBe(canonicalDetails({ b: 1, a: 'x', c: true, d: null }));
    expect(canonicalDetails(undefined)).toBe('{}');
  });

  it('strip free text and structures instead of storing them', () => {
    const text = 'x'.repeat(MAX_DETAIL_STRING_LENGTH + 1);
    expect(JSON.parse(canonicalDetails({ ok: 'x'.repeat(200), long: text, list: [1] as never, nan: Number.NaN, gone: undefined }))).toEqual({
      ok: 'x'.repeat(200),
      long: '[stripped: 201 chars]',
      list: '[stripped: array]',
      nan: null,
    });
    expect(JSON.parse(canonicalDetails({ 'bad key!': 1, good: 2 }))).toEqual({ good: 2, stripped_keys: 1 });
  });
});

describe('normalizeAuditEvent', () => {
  it('stamps, defaults the actor to system and snapshots the details', () => {
    const details = { value: 1 };
    const event = normalizeAuditEvent({ action: 'alarm.onset', bedId: 'bed-1', details }, 1_000.7, 5.2);
    details.value = 2;
    expect(event).toEqual({ utcMs: 1_000, monoMs: 5, userId: 'system', role: 'system', action: 'alarm.onset', bedId: 'bed-1', alarmId: null, details: '{"value":1}' });
  });

  it('rejects unknown actions, malformed ids and a user pretending to be the system', () => {
    expect(() => normalizeAuditEvent({ action: 'nope' as never }, 0, 0)).toThrow(AuditEventError);
    expect(() => normalizeAuditEvent({ action: 'alarm.onset', alarmId: '' }, 0, 0)).toThrow(AuditEventError);
    expect(() => normalizeAuditEvent({ action: 'alarm.onset', bedId: 'b'.repeat(129) }, 0, 0)).toThrow(AuditEventError);
    expect(() => normalizeAuditEvent({ action: 'user.sign-in', actor: { userId: 'system', role: 'x' } }, 0, 0)).toThrow(AuditEventError);
  });

  it('knows the whole vocabulary', () => {
    // 26 on the common base; app.quit, app.unclean-stop, user.sign-in-alert (security); update.downloaded, update.restart (deployment); clock.changed (clock);
    // limits.reset and ten census.* (census); audit.journal-imported, audit.journal-rejected, audit.key-enrolled, audit.integrity-failed (audit);
    // disclosure.viewed, disclosure.exported, disclosure.printed (full disclosure).
    expect(AUDIT_ACTIONS).toHaveLength(50);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
