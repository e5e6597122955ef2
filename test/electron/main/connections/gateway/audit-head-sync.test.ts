import { describe, expect, it } from 'vitest';
import { AUDIT_HEAD_EVENTS, type SignedAuditHead } from '../../../../../shared/protocol/audit-heads';
import { encodeJson } from '../../../../../shared/protocol/json-codec';
import { PROTOCOL_VERSION } from '../../../../../shared/protocol/version';
import type { BackEndCheck } from '../../../../../electron/main/audit/writer/worker-protocol';
import { AuditHeadSync } from '../../../../../electron/main/connections/gateway/audit-head-sync';
import { silentLogger } from '../../../../../electron/main/logging/logger';
import { systemClock } from '../../../../../electron/main/time/clock';
import { until } from './gateway-test-kit';

const CHAIN = 'c'.repeat(64);
const HELD: SignedAuditHead = { stationId: 'icu-1', chainId: CHAIN, keyId: '0123456789abcdef', seq: 40, hash: 'a'.repeat(64), utcMs: 1_760_000_000_000, signature: `${'A'.repeat(86)}==` };

/**
 * The station's comparison with the back end's heads must not be skipped
 * for a whole connection because one list request went unanswered (a slow
 * back end under load times out exactly like one that keeps no heads): it
 * asks again while the link stays up, and stops when the link goes.
 */
describe('AuditHeadSync: an unanswered list request is asked again', () => {
  function harness(answers: Array<unknown | null>) {
    const checked: SignedAuditHead[][] = [];
    let requests = 0;
    const sync = new AuditHeadSync({
      audit: {
        onSignedHeads: () => () => undefined,
        signedHeadsSince: async () => [],
        publicKey: null,
        chainId: CHAIN,
        checkBackEndHeads: async (heads: SignedAuditHead[]): Promise<BackEndCheck> => {
          checked.push(heads);
          return { ok: false, brokenAtSeq: 40, reason: 'rows deleted', detail: 'rows deleted after seq 30' };
        },
      },
      log: silentLogger,
      clock: systemClock,
      retryMs: 10,
      request: async (event) => {
        expect(event).toBe(AUDIT_HEAD_EVENTS.list);
        requests++;
        return answers.length > 0 ? answers.shift()! : null;
      },
      reject: (reason) => {
        throw new Error(`rejected ${reason}`);
      },
    });
    return { sync, checked, requests: () => requests };
  }

  const reply = encodeJson({ v: PROTOCOL_VERSION, heads: [HELD], keys: [] });

  it('a back end that answers only the second time is still compared with (the rewrite is found on this connection)', async () => {
    const { sync, checked, requests } = harness([null, reply]);
    await sync.connected();
    expect(sync.describe()[0]!.value).toMatch(/^no answer .*asking again$/);
    await until(() => checked.length > 0, 2_000, 'compared');
    expect(requests()).toBe(2);
    expect(checked[0]).toEqual([HELD]);
    expect(sync.describe()[1]!.value).toBe('MISMATCH at seq 40: rows deleted');
    sync.disconnected();
  });

  it('stops asking once the link is gone', async () => {
    const { sync, requests } = harness([]);
    await sync.connected();
    await until(() => requests() >= 2, 2_000, 'asked again');
    sync.disconnected();
    const asked = requests();
    await new Promise((r) => setTimeout(r, 200));
    expect(requests()).toBe(asked);
  });
});
