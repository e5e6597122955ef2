import { useCallback, useEffect, useState } from 'react';
import type { UserSummary } from '../../../shared/domain/user-admin';
import type { InvokeChannel, InvokeRequest, InvokeResponse, InvokeResult } from '../../../shared/ipc/contract';
import { useVigilApi } from '../station/api-context';
import { noteActionRecorded } from '../station/recorded-in';
import { stationRequest } from '../station/station-request';

type UserChannel = Extract<InvokeChannel, `users:${string}`>;

/** What the journal notice calls each change (the admin is told when it went to the fallback journal). */
const CHANGE_NAMES: Record<Exclude<UserChannel, 'users:list'>, string> = {
  'users:add': 'User added',
  'users:disable': 'User disabled',
  'users:enable': 'User enabled',
  'users:set-role': 'Role changed',
  'users:set-badge': 'Badge changed',
  'users:reset-pin': 'PIN reset',
};

/**
 * The station's users for the admin screen. Every change goes to the station,
 * which audits it durably and saves it before answering; the list is then
 * read again from the station, so the screen never shows a change the
 * station did not make.
 */
export function useUsers(): {
  users: UserSummary[] | null;
  error: string | null;
  change<C extends Exclude<UserChannel, 'users:list'>>(channel: C, request: InvokeRequest<C>): Promise<InvokeResult<InvokeResponse<C>>>;
} {
  const api = useVigilApi();
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const result = await stationRequest(api, 'users:list', {});
    if (result.ok) {
      setUsers(result.value);
      setError(null);
    } else setError(result.error);
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const change = useCallback(
    async <C extends Exclude<UserChannel, 'users:list'>>(channel: C, request: InvokeRequest<C>) => {
      const result = await stationRequest(api, channel, request);
      noteActionRecorded(CHANGE_NAMES[channel], result);
      await reload();
      return result;
    },
    [api, reload],
  );

  return { users, error, change };
}
