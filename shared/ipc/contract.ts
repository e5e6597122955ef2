import { z } from 'zod';
import { UnitSnapshotSchema } from '../domain/unit';
import { ScenarioRequestSchema, ScenarioKindSchema } from '../domain/scenario';
import { AlarmsUpdateSchema, BedStatusUpdateSchema, NumericsUpdateSchema } from '../domain/station-event';
import type { EventChannel, InvokeChannel } from './channels';

export * from './channels';

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
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>;

export const EVENT_CHANNELS = {
  'unit:numerics': NumericsUpdateSchema,
  'unit:bed-status': BedStatusUpdateSchema,
  'unit:alarms': AlarmsUpdateSchema,
} as const satisfies Record<EventChannel, z.ZodType>;

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof INVOKE_CHANNELS)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof INVOKE_CHANNELS)[C]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof EVENT_CHANNELS)[E]>;

/**
 * Handlers answer with an envelope instead of throwing, so a rejected request
 * reaches the view with its reason rather than as a generic remote error.
 */
export type InvokeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The API the preload (or the test host bridge) puts on `window.vigil`. */
export interface VigilApi {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResult<InvokeResponse<C>>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Binary waveform frames (see shared/waveform/frame.ts). */
  onWaveformFrame(listener: (frame: ArrayBuffer) => void): () => void;
}
