import { useMemo } from 'react';
import type { InvokeResult } from '../../../shared/ipc/contract';
import { useVigilApi } from '../station/api-context';
import { noteActionRecorded } from '../station/recorded-in';
import { useAlarmStore } from '../store/alarm-store';

/** `journaled`: done, but recorded in the fallback journal (the view must say so). */
export type Outcome = { ok: true; journaled: boolean } | { ok: false; error: string };

/**
 * Operator actions. Each resolves only when the main process answers – after
 * it has durably audited the action – so callers show "done" only then.
 */
export function useStationActions() {
  const api = useVigilApi();
  return useMemo(() => {
    const unavailable: Outcome = { ok: false, error: 'station API unavailable' };
    const outcome = <T,>(action: string, result: InvokeResult<T>): Outcome => {
      if (!result.ok) return { ok: false, error: result.error };
      return { ok: true, journaled: noteActionRecorded(action, result) };
    };
    return {
      acknowledge: async (alarmId: string) => (api ? outcome('Acknowledged', await api.invoke('alarm:acknowledge', { alarmId })) : unavailable),
      pauseAudio: async (durationMs?: number) =>
        api ? outcome('Audio paused', await api.invoke('audio:pause', durationMs === undefined ? {} : { durationMs })) : unavailable,
      resetAlarms: async () => (api ? outcome('Alarms reset', await api.invoke('alarm:reset', {})) : unavailable),
      signIn: async (identifier: string, secret: string): Promise<Outcome> => {
        if (!api) return unavailable;
        const result = await api.invoke('session:sign-in', { identifier, secret });
        if (result.ok) useAlarmStore.getState().setSession(result.value);
        return outcome('Signed in', result);
      },
      signOut: async (): Promise<Outcome> => {
        if (!api) return unavailable;
        const result = await api.invoke('session:sign-out', {});
        // The main process ends the session before it audits the sign-out, so whatever the
        // answer (even "signed out, but not recorded") nobody is signed in here any more.
        useAlarmStore.getState().setSession(null);
        return outcome('Signed out', result);
      },
    };
  }, [api]);
}
