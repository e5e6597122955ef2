import { useEffect, useState } from 'react';
import type { InvokeRequest, InvokeResponse } from '../../../shared/ipc/contract';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';

/** Often enough to watch a connection come back; rare enough to cost the station nothing. */
export const STATUS_REFRESH_MS = 3000;

type PolledChannel = 'admin:status' | 'updates:status';

/**
 * A status the station is asked for again while the screen is open. One
 * request at a time: a slow answer delays the next refresh instead of piling
 * requests up.
 */
export function usePolledRequest<C extends PolledChannel>(channel: C): { value: InvokeResponse<C> | null; error: string | null; updatedAt: number | null } {
  const api = useVigilApi();
  const [value, setValue] = useState<InvokeResponse<C> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      // Both polled channels take an empty request.
      const result = await stationRequest(api, channel, {} as InvokeRequest<C>);
      if (stopped) return;
      if (result.ok) {
        setValue(result.value);
        setError(null);
        // Shown as a time of day: the wall clock is right for that, and nothing is measured with it.
        setUpdatedAt(Date.now());
      } else setError(result.error);
      timer = setTimeout(() => void poll(), STATUS_REFRESH_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, channel]);

  return { value, error, updatedAt };
}
