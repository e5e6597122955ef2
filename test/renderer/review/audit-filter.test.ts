import { describe, expect, it } from 'vitest';
import { MAX_REVIEW_PAGE } from '../../../shared/audit/audit-review';
import { INVOKE_CHANNELS } from '../../../shared/ipc/contract';
import { AUDIT_PAGE_SIZE, EMPTY_AUDIT_FILTER, auditPageRequest, reviewFilterFrom, timeRangeFrom } from '../../../renderer/src/review/audit-filter';

const at = (h: number, m: number) => new Date(2024, 4, 1, h, m).getTime();

describe('audit filter form → request', () => {
  it('an empty form is the unfiltered trail', () => {
    expect(reviewFilterFrom(EMPTY_AUDIT_FILTER)).toEqual({ ok: true, value: {} });
  });

  it('maps every field, trimming text and converting local times', () => {
    const outcome = reviewFilterFrom({
      from: '2024-05-01T03:00',
      to: '2024-05-01T03:30',
      bedId: ' bed-07 ',
      userId: 'nurse',
      action: 'alarm.acknowledged',
      alarmId: 'a-1-000042',
    });
    expect(outcome).toEqual({
      ok: true,
      value: { fromUtc: at(3, 0), toUtc: at(3, 30), bedId: 'bed-07', userId: 'nurse', action: 'alarm.acknowledged', alarmId: 'a-1-000042' },
    });
  });

  it('names the field that is wrong', () => {
    expect(reviewFilterFrom({ ...EMPTY_AUDIT_FILTER, bedId: 'bed 7' })).toEqual({ ok: false, error: expect.stringMatching(/^Bed: /) });
    expect(reviewFilterFrom({ ...EMPTY_AUDIT_FILTER, action: 'alarm.deleted' })).toEqual({ ok: false, error: expect.stringMatching(/^Action: /) });
    expect(reviewFilterFrom({ ...EMPTY_AUDIT_FILTER, from: 'soon' })).toEqual({ ok: false, error: 'From is not a valid date and time' });
  });

  it('refuses a time range that ends before it starts', () => {
    expect(timeRangeFrom('2024-05-01T04:00', '2024-05-01T03:00')).toEqual({ ok: false, error: 'From must be earlier than Before' });
    expect(timeRangeFrom('', '2024-05-01T03:00')).toEqual({ ok: true, value: { toUtc: at(3, 0) } });
  });

  it('asks for full keyset pages and passes the cursor only after the first page', () => {
    expect(AUDIT_PAGE_SIZE).toBe(MAX_REVIEW_PAGE);
    const first = auditPageRequest({ action: 'limits.changed' }, undefined);
    expect(first).toEqual({ filter: { action: 'limits.changed' }, limit: 500 });
    expect(INVOKE_CHANNELS['audit:query'].request.safeParse(first).success).toBe(true);
    const next = auditPageRequest({}, 1234);
    expect(next).toEqual({ filter: {}, limit: 500, afterSeq: 1234 });
    expect(INVOKE_CHANNELS['audit:query'].request.safeParse(next).success).toBe(true);
  });
});
