import { z } from 'zod';
import { UnitSnapshotSchema } from '../domain/unit';
import { ScenarioRequestSchema, ScenarioKindSchema } from '../domain/scenario';
import { AlarmsUpdateSchema, BedStatusUpdateSchema, NumericsUpdateSchema } from '../domain/station-event';

/**
 * The one IPC contract between the main process and any view (the Electron
 * renderer through the preload, or a browser through the test host bridge).
 * Channel names, request, response and event schemas live only here; types are
 * inferred from the schemas so validation and typing cannot drift apart.
 */
export const INVOKE_CHANNELS = {
  'unit:get-snapshot': {
    request: z.object({}).strict(),
    response: UnitSnapshotSchema,
  },
  'scenario:trigger': {
    request: ScenarioRequestSchema,
    response: z.object({ scenario: ScenarioKindSchema, bedId: z.string().nullable(), seed: z.number().int() }),
  },
} as const;

export const EVENT_CHANNELS = {
  'unit:numerics': NumericsUpdateSchema,
  'unit:bed-status': BedStatusUpdateSchema,
  'unit:alarms': AlarmsUpdateSchema,
} as const;

/** Main → preload handshake carrying the waveform MessagePort. */
export const WAVEFORM_PORT_CHANNEL = 'waveform:port';

export type InvokeChannel = keyof typeof INVOKE_CHANNELS;
export type EventChannel = keyof typeof EVENT_CHANNELS;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof INVOKE_CHANNELS)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof INVOKE_CHANNELS)[C]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof EVENT_CHANNELS)[E]>;

/**
 * Handlers answer with an envelope instead of throwing, so a rejected request
 * reaches the view with its reason rather than as a generic remote error.
 */
export type InvokeResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(INVOKE_CHANNELS, name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENT_CHANNELS, name);
}

/** The API the preload (or the test host bridge) puts on `window.vigil`. */
export interface VigilApi {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResult<InvokeResponse<C>>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Binary waveform frames (see shared/waveform/frame.ts). */
  onWaveformFrame(listener: (frame: ArrayBuffer) => void): () => void;
}

export const API_GLOBAL = 'vigil';
