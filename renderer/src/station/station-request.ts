import { INVOKE_CHANNELS, type InvokeChannel, type InvokeRequest, type InvokeResponse, type InvokeResult, type VigilApi } from '../../../shared/ipc/contract';
import { describeIssues } from '../../../shared/validation';

/**
 * One request to the station whose answer is checked against the contract,
 * as events are: a review screen must never show a row it could not parse
 * as if it were the audit trail. Never throws; a transport failure is an
 * error like any other.
 */
export async function stationRequest<C extends InvokeChannel>(
  api: VigilApi | null,
  channel: C,
  request: InvokeRequest<C>,
): Promise<InvokeResult<InvokeResponse<C>>> {
  if (!api) return { ok: false, error: 'station API unavailable' };
  try {
    const result = await api.invoke(channel, request);
    if (!result.ok) return result;
    const parsed = INVOKE_CHANNELS[channel].response.safeParse(result.value);
    if (!parsed.success) return { ok: false, error: `unexpected answer from the station: ${describeIssues(parsed.error)}` };
    return { ok: true, value: parsed.data as InvokeResponse<C>, ...(result.recordedIn ? { recordedIn: result.recordedIn } : {}) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
