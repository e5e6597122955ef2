import { useEffect, useState } from 'react';
import type { StationStatus } from '../../../shared/domain/station-status';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';

/** Often enough to watch a connection come back; rare enough to cost the station nothing. */
export const STATUS_REFRESH_MS = 3000;

/**
 * The station's status, refreshed while the screen is open. One request at
 * a time: a slow answer delays the next refresh instead of piling requests up.
 */
export function useStationStatus(): { status: StationStatus | null; error: string | null; updatedAt: number | null } {
  const api = useVigilApi();
  const [status, setStatus] = useState<StationStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await stationRequest(api, 'admin:status', {});
      if (stopped) return;
      if (result.ok) {
        setStatus(result.value);
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
  }, [api]);

  return { status, error, updatedAt };
}
