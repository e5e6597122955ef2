import { useCallback } from 'react';
import type { UpdateStatus } from '../../../shared/domain/update-status';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';
import { usePolledRequest } from './use-polled-request';

/** The in-app update status while the station status screen is open; restart() asks the station to restart into it. */
export function useUpdateStatus(): { status: UpdateStatus | null; error: string | null; restart(): Promise<string | null> } {
  const api = useVigilApi();
  const { value, error } = usePolledRequest('updates:status');

  /** Resolves with the station's refusal, or null once it is restarting. */
  const restart = useCallback(async () => {
    const result = await stationRequest(api, 'updates:restart', {});
    return result.ok ? null : result.error;
  }, [api]);

  return { status: value, error, restart };
}
