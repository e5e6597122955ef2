import { useMemo } from 'react';
import type { InvokeResult } from '../../../shared/ipc/contract';
import { useVigilApi } from '../station/api-context';
import { useAlarmStore } from '../store/alarm-store';

type Outcome = { ok: true } | { ok: false; error: string };

/**
 * Operator actions. Each resolves only when the main process answers – after
 * it has durably audited the action – so callers show "done" only then.
 */
export function useStationActions() {
  const api = useVigilApi();
  return useMemo(() => {
    const unavailable: Outcome = { ok: false, error: 'station API unavailable' };
    const outcome = <T,>(result: InvokeResult<T>): Outcome => (result.ok ? { ok: true } : { ok: false, error: result.error });
    return {
      acknowledge: async (alarmId: string) => (api ? outcome(await api.invoke('alarm:acknowledge', { alarmId })) : unavailable),
      pauseAudio: async (durationMs?: number) =>
        api ? outcome(await api.invoke('audio:pause', durationMs === undefined ? {} : { durationMs })) : unavailable,
      resetAlarms: async () => (api ? outcome(await api.invoke('alarm:reset', {})) : unavailable),
      signIn: async (identifier: string, secret: string): Promise<Outcome> => {
        if (!api) return unavailable;
        const result = await api.invoke('session:sign-in', { identifier, secret });
        if (result.ok) useAlarmStore.getState().setSession(result.value);
        return outcome(result);
      },
      signOut: async (): Promise<Outcome> => {
        if (!api) return unavailable;
        const result = await api.invoke('session:sign-out', {});
        // The main process ends the session before it audits the sign-out, so whatever the
        // answer (even "signed out, but not recorded") nobody is signed in here any more.
        useAlarmStore.getState().setSession(null);
        return outcome(result);
      },
    };
  }, [api]);
}
