import { io } from 'socket.io-client';
import type { ProtocolDeviceAlarm } from '../../shared/protocol/device-alarm';

/** Injects a device alarm through a gateway's /admin namespace (as the gateway CLI offers with --admin-token). */
export async function injectDeviceAlarm(gatewayUrl: string, adminToken: string, alarm: ProtocolDeviceAlarm): Promise<void> {
  const socket = io(`${gatewayUrl}/admin`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: adminToken } });
  try {
    const answer = (await socket.timeout(5_000).emitWithAck('device-alarm', alarm)) as { ok: boolean; error?: string };
    if (!answer.ok) throw new Error(`admin refused: ${answer.error}`);
  } finally {
    socket.disconnect();
  }
}
