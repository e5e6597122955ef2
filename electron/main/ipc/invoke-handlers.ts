import {
  INVOKE_CHANNELS,
  isInvokeChannel,
  type InvokeChannel,
  type InvokeResponse,
  type InvokeResult,
} from '../../../shared/ipc/contract';
import { describeIssues } from '../../../shared/validation';
import type { Logger } from '../logging/logger';
import type { Station } from '../station/station';
import type { z } from 'zod';

type Handlers = {
  [C in InvokeChannel]: (request: z.output<(typeof INVOKE_CHANNELS)[C]['request']>) => InvokeResponse<C> | Promise<InvokeResponse<C>>;
};

/** The station's implementation of every invoke channel in the contract. */
export function createInvokeHandlers(station: Station): Handlers {
  return {
    'unit:get-snapshot': () => station.snapshot(),
    'scenario:trigger': (request) => station.triggerScenario(request),
  };
}

/**
 * The one dispatch path for requests from any view. The sender has already
 * been checked by the transport (Electron layer or test host); here the
 * channel and payload are validated against the contract, and any failure is
 * answered with a reason that names the field – nothing throws back into the
 * transport, and a bad request never reaches a service.
 */
export async function dispatchInvoke(
  handlers: Handlers,
  channel: unknown,
  request: unknown,
  log: Logger,
): Promise<InvokeResult<unknown>> {
  if (!isInvokeChannel(channel)) {
    log.warn('ipc.rejected', { reason: 'unknown channel' });
    return { ok: false, error: 'unknown channel' };
  }
  const parsed = INVOKE_CHANNELS[channel].request.safeParse(request);
  if (!parsed.success) {
    const error = `invalid request for ${channel}: ${describeIssues(parsed.error)}`;
    log.warn('ipc.rejected', { channel, reason: error });
    return { ok: false, error };
  }
  try {
    const handler = handlers[channel] as (r: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    log.warn('ipc.handler-failed', { channel, reason: (error as Error).message });
    return { ok: false, error: (error as Error).message };
  }
}
