import { useCallback, useEffect, useState } from 'react';
import type { CensusDetails } from '../../../shared/domain/census';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';
import { useUnitStore } from '../store/unit-store';

/**
 * The whole census (names, numbers, dates of birth) for a signed-in user
 * allowed to see it – asked for, never broadcast – and asked again whenever
 * the station says the census changed, so a screen never edits a stale record.
 */
export function useCensusDetails(enabled: boolean): { details: CensusDetails | null; error: string | null; reload(): void } {
  const api = useVigilApi();
  const version = useUnitStore((s) => s.censusVersion);
  const [details, setDetails] = useState<CensusDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!enabled) {
      setDetails(null);
      return;
    }
    let current = true;
    void stationRequest(api, 'census:get', {}).then((result) => {
      if (!current) return;
      if (result.ok) {
        setDetails(result.value);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [api, enabled, version, generation]);

  return { details, error, reload };
}
