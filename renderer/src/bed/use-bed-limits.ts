import { useCallback, useEffect, useState } from 'react';
import type { InvokeResponse } from '../../../shared/ipc/contract';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';

export type BedLimits = InvokeResponse<'limits:get'>;

/**
 * Limits change rarely and no event announces it, so while the detail is
 * open they are re-read now and then: a change made at another view (or a
 * profile switch) shows up without reopening the panel.
 */
const REREAD_MS = 5000;

export function useBedLimits(bedId: string): { limits: BedLimits | null; error: string | null; reload(): Promise<void> } {
  const api = useVigilApi();
  const [limits, setLimits] = useState<BedLimits | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const result = await stationRequest(api, 'limits:get', { bedId });
    if (result.ok) {
      setLimits(result.value);
      setError(null);
    } else setError(result.error);
  }, [api, bedId]);

  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), REREAD_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return { limits, error, reload };
}
