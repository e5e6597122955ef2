import { useCallback, useEffect, useState } from 'react';
import type { UpdateStatus } from '../../../shared/domain/update-status';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';
import { STATUS_REFRESH_MS } from './use-station-status';

/** The in-app update status while the station status screen is open; restart() asks the station to restart into it. */
export function useUpdateStatus(): { status: UpdateStatus | null; error: string | null; restart(): Promise<string | null> } {
  const api = useVigilApi();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await stationRequest(api, 'updates:status', {});
      if (stopped) return;
      if (result.ok) {
        setStatus(result.value);
        setError(null);
      } else setError(result.error);
      timer = setTimeout(() => void poll(), STATUS_REFRESH_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);

  /** Resolves with the station's refusal, or null once it is restarting. */
  const restart = useCallback(async () => {
    const result = await stationRequest(api, 'updates:restart', {});
    return result.ok ? null : result.error;
  }, [api]);

  return { status, error, restart };
}
