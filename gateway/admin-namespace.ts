import type { Namespace } from 'socket.io';
import { z } from 'zod';
import { ScenarioRequestSchema, type ScenarioRequest } from '../shared/domain/scenario';
import { ProtocolDeviceAlarmSchema, type ProtocolDeviceAlarm } from '../shared/protocol/device-alarm';
import { tokenMatches } from './handshake-check';

/** The admin namespace's path. */
export const ADMIN_NAMESPACE = '/admin';

export interface AdminActions {
  deviceAlarm(alarm: ProtocolDeviceAlarm): Promise<void>;
  scenario(request: ScenarioRequest): { scenario: string; bedId: string | null; seed: number };
}

type Reply = (answer: { ok: true; result?: unknown } | { ok: false; error: string }) => void;

/**
 * Training and test controls of the reference gateway, on their own
 * namespace with their own token (off unless --admin-token is given):
 * `device-alarm` injects a device-reported alarm as if a bedside monitor had
 * sent it; `scenario` runs a simulator scenario (desaturation, feed-drop, …)
 * on the gateway's simulated beds. Not part of the station protocol.
 */
export function mountAdminNamespace(admin: Namespace, adminToken: string, actions: AdminActions): void {
  admin.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && tokenMatches(token, adminToken)) next();
    else next(Object.assign(new Error('unauthorized'), { data: { reason: 'unauthorized' } }));
  });
  admin.on('connection', (socket) => {
    socket.on('device-alarm', (payload: unknown, reply: unknown) => answer(reply, () => actions.deviceAlarm(ProtocolDeviceAlarmSchema.parse(payload))));
    socket.on('scenario', (payload: unknown, reply: unknown) => answer(reply, () => actions.scenario(ScenarioRequestSchema.parse(payload))));
  });
}

/** Answers once the action is done (a device alarm: journaled and sent). */
function answer(reply: unknown, action: () => unknown): void {
  const respond: Reply = typeof reply === 'function' ? (reply as Reply) : () => undefined;
  const refuse = (error: unknown) =>
    respond({ ok: false, error: error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (error as Error).message });
  try {
    Promise.resolve(action()).then((result) => respond({ ok: true, result: result ?? null }), refuse);
  } catch (error) {
    refuse(error);
  }
}
