import type { StationStatus } from '../../../shared/domain/station-status';
import { usePolledRequest } from './use-polled-request';

/** The station's status, refreshed while the screen is open. */
export function useStationStatus(): { status: StationStatus | null; error: string | null; updatedAt: number | null } {
  const { value, error, updatedAt } = usePolledRequest('admin:status');
  return { status: value, error, updatedAt };
}
