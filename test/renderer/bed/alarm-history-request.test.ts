import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../../shared/ipc/contract';
import { HISTORY_PAGE_SIZE, alarmHistoryRequest } from '../../../renderer/src/bed/alarm-history-request';

describe('bed alarm history request', () => {
  it('asks for the newest page of the bed, then continues from the cursor', () => {
    expect(alarmHistoryRequest('bed-07', {}, undefined)).toEqual({ bedId: 'bed-07', limit: HISTORY_PAGE_SIZE });
    expect(alarmHistoryRequest('bed-07', { fromUtc: 1000, toUtc: 5000 }, 77)).toEqual({ bedId: 'bed-07', fromUtc: 1000, toUtc: 5000, afterSeq: 77, limit: HISTORY_PAGE_SIZE });
  });

  it('is accepted by the contract', () => {
    const request = alarmHistoryRequest('bed-07', { toUtc: 5000 }, 77);
    expect(INVOKE_CHANNELS['bed:alarm-history'].request.safeParse(request).success).toBe(true);
  });
});
