import { z } from 'zod';

/**
 * Messages between the in-page bridge and the test host over one WebSocket.
 * Text frames carry these JSON messages; binary frames carry waveform frames
 * exactly as the Electron MessagePort does.
 */
export const BridgeRequestSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  request: z.unknown(),
});
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

export type BridgeMessage =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; channel: string; payload: unknown };

export const BRIDGE_PATH = '/__vigil/bridge';
export const BRIDGE_SCRIPT_PATH = '/__vigil/bridge.js';
