/**
 * Channel names only, with no schema library attached, so the sandboxed
 * preload can enforce the allowlist without bundling zod. contract.ts binds a
 * schema to every name here (a missing or extra one is a type error).
 */
export const INVOKE_CHANNEL_NAMES = [
  'unit:get-snapshot',
  'alarms:get-snapshot',
  'scenario:trigger',
  'session:sign-in',
  'session:sign-out',
  'session:current',
  'alarm:acknowledge',
  'alarm:reset',
  'audio:pause',
  'view:report',
  'limits:get',
  'limits:change',
  'limits:set-profile',
  'bed:alarm-history',
  'audit:query',
  'audit:status',
  'audit:verify',
  'audit:export',
  'admin:status',
  'users:list',
  'users:add',
  'users:disable',
  'users:enable',
  'users:set-role',
  'users:set-badge',
  'users:reset-pin',
  'updates:status',
  'updates:restart',
  'security:notices',
  'station:quit-check',
  'station:quit',
  'disclosure:strip',
  'disclosure:trend',
  'disclosure:alarms',
  'disclosure:alarm-step',
  'disclosure:alarm-lookup',
  'disclosure:export',
  'disclosure:print',
  'census:get',
  'census:admit',
  'census:update',
  'census:transfer',
  'census:discharge',
  'census:confirm-review',
  'census:alarm-history',
  'display:set-patient-mode',
] as const;
export const EVENT_CHANNEL_NAMES = ['unit:numerics', 'unit:bed-status', 'unit:alarms', 'session:changed', 'security:notices', 'station:quit-requested', 'unit:census'] as const;

export type InvokeChannel = (typeof INVOKE_CHANNEL_NAMES)[number];
export type EventChannel = (typeof EVENT_CHANNEL_NAMES)[number];

/** Main → preload handshake carrying the waveform MessagePort. */
export const WAVEFORM_PORT_CHANNEL = 'waveform:port';

/** Where the preload (or the test host bridge) installs the API in the page. */
export const API_GLOBAL = 'vigil';

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && (INVOKE_CHANNEL_NAMES as readonly string[]).includes(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNEL_NAMES as readonly string[]).includes(name);
}
