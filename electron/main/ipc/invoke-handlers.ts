import {
  INVOKE_CHANNELS,
  isInvokeChannel,
  type InvokeChannel,
  type InvokeResponse,
  type InvokeResult,
} from '../../../shared/ipc/contract';
import { describeIssues } from '../../../shared/validation';
import { AlarmActionRefused } from '../alarms/alarm-action-refused';
import { withDurabilityReceipt } from '../audit/durability-receipt';
import type { Logger } from '../logging/logger';
import type { Station } from '../station/station';
import type { z } from 'zod';

/** Who is asking: the transport (Electron layer or test host) fills this in, never the page. */
export interface InvokeCaller {
  viewId: string;
}

type Handlers = {
  [C in InvokeChannel]: (
    request: z.output<(typeof INVOKE_CHANNELS)[C]['request']>,
    caller: InvokeCaller,
  ) => InvokeResponse<C> | Promise<InvokeResponse<C>>;
};

/** The station's implementation of every invoke channel in the contract. */
export function createInvokeHandlers(station: Station): Handlers {
  const { actions, alarms, review } = station;
  const disclosure = () => {
    const service = station.disclosure;
    if (!service) throw new Error('full disclosure is not running on this station');
    return service;
  };
  return {
    'unit:get-snapshot': () => station.snapshot(),
    'alarms:get-snapshot': () => alarms.snapshot(),
    'scenario:trigger': (request) => station.triggerScenario(request),
    'session:sign-in': (request, { viewId }) => actions.signIn(viewId, request.identifier, request.secret),
    'session:sign-out': (_request, { viewId }) => actions.signOut(viewId),
    'session:current': (_request, { viewId }) => actions.current(viewId),
    'alarm:acknowledge': (request, { viewId }) => actions.acknowledge(viewId, request.alarmId),
    'alarm:reset': (_request, { viewId }) => actions.resetAlarms(viewId),
    'audio:pause': (request, { viewId }) => actions.pauseAudio(viewId, request.durationMs),
    'view:report': (request, { viewId }) => {
      station.reportView(viewId, request);
      return {};
    },
    'limits:get': (request) => {
      const limits = alarms.limitsOf(request.bedId);
      if (!limits) throw new AlarmActionRefused('unknown-bed', `no bed ${request.bedId} on this station`);
      return { bedId: request.bedId, profile: limits.profile, profiles: alarms.profileNames(), parameters: limits.parameters };
    },
    'limits:change': (request, { viewId }) =>
      actions.changeLimits(viewId, request.bedId, request.parameter, {
        ...(request.low !== undefined ? { low: request.low } : {}),
        ...(request.high !== undefined ? { high: request.high } : {}),
      }),
    'limits:set-profile': (request, { viewId }) => actions.setProfile(viewId, request.bedId, request.profile),
    'bed:alarm-history': (request, { viewId }) => review.bedHistory(request, actions.operator(viewId, 'review-history')),
    'audit:query': (request, { viewId }) => review.page(request, actions.operator(viewId, 'review-audit')),
    'audit:status': (_request, { viewId }) => {
      actions.operator(viewId, 'review-audit');
      return review.status();
    },
    'audit:verify': (_request, { viewId }) => review.verify(actions.operator(viewId, 'review-audit')),
    'audit:export': (request, { viewId }) => review.export(request, actions.operator(viewId, 'review-audit')),
    'admin:status': (_request, { viewId }) => {
      actions.operator(viewId, 'configure');
      return station.status();
    },
    'users:list': (_request, { viewId }) => {
      actions.operator(viewId, 'manage-users');
      return station.users.list();
    },
    'users:add': (request, { viewId }) =>
      station.users.addUser({ ...request, badgeId: request.badgeId ?? null }, actions.operator(viewId, 'manage-users')),
    'users:disable': async (request, { viewId }) => {
      await station.users.disableUser(request.userId, actions.operator(viewId, 'manage-users'));
      return { disabled: true as const };
    },
    'users:enable': async (request, { viewId }) => {
      await station.users.enableUser(request.userId, actions.operator(viewId, 'manage-users'));
      return { enabled: true as const };
    },
    'users:set-role': (request, { viewId }) => station.users.setRole(request.userId, request.role, actions.operator(viewId, 'manage-users')),
    'users:set-badge': (request, { viewId }) => station.users.setBadge(request.userId, request.badgeId, actions.operator(viewId, 'manage-users')),
    'users:reset-pin': (request, { viewId }) => station.users.resetSecret(request.userId, request.secret, actions.operator(viewId, 'manage-users')),
    'updates:status': (_request, { viewId }) => station.updates.status(actions.operator(viewId, 'configure').sessionId),
    'updates:restart': (_request, { viewId }) => station.updates.restart(actions.operator(viewId, 'configure')),
    'station:quit-check': (_request, { viewId }) => station.quit.check(viewId),
    'station:quit': (request, { viewId }) => station.quit.confirm(viewId, request.alarmIds),
    'security:notices': (_request, { viewId }) => {
      actions.operator(viewId, 'security-notices');
      return { notices: station.sessions.securityNotices() };
    },
    'disclosure:strip': (request, { viewId }) => disclosure().strip(viewId, request),
    'disclosure:trend': (request, { viewId }) => disclosure().trend(viewId, request),
    'disclosure:alarms': (request, { viewId }) => disclosure().alarms(viewId, request),
    'disclosure:alarm-step': (request, { viewId }) => disclosure().step(viewId, request),
    'disclosure:alarm-lookup': (request, { viewId }) => disclosure().lookup(viewId, request),
    'disclosure:export': (request, { viewId }) => disclosure().export(viewId, request),
    'disclosure:print': (request, { viewId }) => disclosure().print(viewId, request),
    'census:get': (_request, { viewId }) => station.census.details(actions.operator(viewId, 'census-view')),
    'census:admit': (request, { viewId }) => actions.admit(viewId, request.bedId, request.patient),
    'census:update': (request, { viewId }) => actions.updatePatient(viewId, request.bedId, request.encounterId, request.patient),
    'census:transfer': (request, { viewId }) => actions.transfer(viewId, request.bedId, request.encounterId, request.toBedId),
    'census:discharge': (request, { viewId }) => actions.discharge(viewId, request.bedId, request.encounterId),
    'census:confirm-review': (request, { viewId }) => actions.confirmReview(viewId, request.bedId, request.encounterId),
    'census:alarm-history': (request, { viewId }) => review.patientHistory(station.census.spansOf(request.encounterId), request, actions.operator(viewId, 'review-history')),
    'display:set-patient-mode': async (request, { viewId }) => ({ mode: await station.patientDisplay.set(request.mode, actions.operator(viewId, 'configure')) }),
  };
}

/** Where a rejected request is counted (and sampled into the audit trail). */
export type RejectionCounter = (source: string, reason: string) => void;

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
  caller: InvokeCaller,
  log: Logger,
  countRejection: RejectionCounter = () => undefined,
): Promise<InvokeResult<unknown>> {
  if (!isInvokeChannel(channel)) {
    log.warn('ipc.rejected', { reason: 'unknown channel' });
    countRejection('ipc', 'unknown channel');
    return { ok: false, error: 'unknown channel' };
  }
  const parsed = INVOKE_CHANNELS[channel].request.safeParse(request);
  if (!parsed.success) {
    const detail = describeIssues(parsed.error);
    const error = `invalid request for ${channel}: ${detail}`;
    log.warn('ipc.rejected', { channel, reason: error });
    countRejection('ipc', `${channel}: ${detail}`);
    return { ok: false, error };
  }
  try {
    const handler = handlers[channel] as (r: unknown, c: InvokeCaller) => unknown;
    const { value, recordedIn } = await withDurabilityReceipt(() => handler(parsed.data, caller));
    return recordedIn === 'fallback-journal' ? { ok: true, value, recordedIn } : { ok: true, value };
  } catch (error) {
    log.warn('ipc.handler-failed', { channel, reason: (error as Error).message });
    return { ok: false, error: (error as Error).message };
  }
}
