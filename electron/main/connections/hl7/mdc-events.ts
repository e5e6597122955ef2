import { mnemonicKeys, type MdcCoded } from './obx-code';

/**
 * IEEE 11073-10101 event codes (partition 3, "events and alerts") the
 * listener understands in IHE PCD-04, as 32-bit context-free codes.
 *
 * Sources, cross-checked:
 * - IHE PCD TF-2 Rev. 9.0 (Table B.8.5-1, E.3 examples: 196616 MDC_EVT_ALARM,
 *   196670 MDC_EVT_LO, 196648 MDC_EVT_HI);
 * - Philips IntelliVue Data Export nomenclature (NOM_EVT_* term codes: the
 *   same 11073 term codes, partition given separately), e.g.
 *   NOM_EVT_ECG_ASYSTOLE 3076 → 3·65536 + 3076 = 199684;
 * - DICOM CID 3038 (MDC 3:3076 asystole, 3:3072 apnea, 3:3246 desaturation).
 * Codes we could not confirm from two sources (e.g. a numeric code for
 * ventricular fibrillation in partition 3) are matched by name only.
 */
export const MDC_PART_EVT = 3 * 65536;
export const MDC_PART_DIM = 4 * 65536;

/** PCD-04: the alert row's OBX-3 for technical and advisory alerts (TF-2 Table B.8.5-1, facet 1). */
export const MDC_EVT_ALARM = 196616;

export interface EventDef {
  code: string;
  message: string;
  /** The usual nature of the event, when the device does not say SP/ST. */
  source: 'device' | 'technical';
}

const EVT = (term: number) => MDC_PART_EVT + term;

/** Limit events: as OBX-3 (ACM style, the parameter elsewhere) or as the event in OBX-5. */
const LIMIT_EVENTS = new Map<number, 'HIGH' | 'LOW'>([
  [EVT(40), 'HIGH'], // 196648 MDC_EVT_HI
  [EVT(42), 'HIGH'], // 196650 MDC_EVT_HI_GT_LIM
  [EVT(62), 'LOW'], // 196670 MDC_EVT_LO
  [EVT(64), 'LOW'], // 196672 MDC_EVT_LO_LT_LIM
]);
const LIMIT_EVENT_NAMES = new Map<string, 'HIGH' | 'LOW'>([
  ['MDC_EVT_HI', 'HIGH'],
  ['MDC_EVT_HI_GT_LIM', 'HIGH'],
  ['MDC_EVT_LO', 'LOW'],
  ['MDC_EVT_LO_LT_LIM', 'LOW'],
]);

/** Device event codes → station alarm codes (the vocabulary of the alarm engine). */
const EVENTS = new Map<number, EventDef>([
  [EVT(72), { code: 'LEAD_OFF', message: 'ECG lead off', source: 'technical' }], // 196680 MDC_EVT_LEAD_OFF
  [EVT(268), { code: 'LEAD_OFF', message: 'ECG lead disconnected', source: 'technical' }], // MDC_EVT_LEAD_DISCONN
  [EVT(274), { code: 'LEAD_OFF', message: 'ECG leads off', source: 'technical' }], // MDC_EVT_LEADS_OFF
  [EVT(3072), { code: 'APNEA', message: 'Apnea', source: 'device' }], // 199680
  [EVT(3076), { code: 'ASYSTOLE', message: 'Asystole', source: 'device' }], // 199684
  [EVT(3086), { code: 'BRADY_EXTREME', message: 'Extreme bradycardia', source: 'device' }],
  [EVT(3122), { code: 'TACHY_EXTREME', message: 'Extreme tachycardia', source: 'device' }],
  [EVT(3224), { code: 'VT', message: 'Ventricular tachycardia', source: 'device' }], // 199832 MDC_EVT_ECG_V_TACHY
  [EVT(3246), { code: 'SPO2_DESAT', message: 'SpO2 desaturation', source: 'device' }], // 199854 MDC_EVT_DESAT
  [EVT(308), { code: 'SENSOR_DISCONNECTED', message: 'Sensor disconnected', source: 'technical' }],
  [EVT(194), { code: 'BATTERY_LOW', message: 'Device battery low', source: 'technical' }], // 196802 MDC_EVT_BATT_LO
]);

/** Name fallback (vendors that send an unlisted number, code 0, or events without a confirmed number). */
const EVENT_NAMES = new Map<string, EventDef>([
  ['MDC_EVT_LEAD_OFF', EVENTS.get(EVT(72))!],
  ['MDC_EVT_ECG_LEAD_OFF', EVENTS.get(EVT(72))!],
  ['MDC_EVT_LEADS_OFF', EVENTS.get(EVT(274))!],
  ['MDC_EVT_APNEA', EVENTS.get(EVT(3072))!],
  ['MDC_EVT_ECG_ASYSTOLE', EVENTS.get(EVT(3076))!],
  ['MDC_EVT_ECG_V_TACHY', EVENTS.get(EVT(3224))!],
  ['MDC_EVT_DESAT', EVENTS.get(EVT(3246))!],
  ['MDC_EVT_ECG_V_FIB', { code: 'VF', message: 'Ventricular fibrillation', source: 'device' }],
  ['MDC_EVT_ECG_V_FIB_TACHY', { code: 'VF', message: 'Ventricular fibrillation / tachycardia', source: 'device' }],
  ['MDC_EVT_ECG_BRADY_EXTREME', EVENTS.get(EVT(3086))!],
  ['MDC_EVT_ECG_TACHY_EXTREME', EVENTS.get(EVT(3122))!],
  ['MDC_EVT_BATT_LO', EVENTS.get(EVT(194))!],
]);

/**
 * Not alarms, though they travel as PCD-04 alert rows:
 * - keep-alives: Dräger's ACM watchdog reference messages send
 *   `MDC_EVT_ACTIVE` (with PN, advisory) and name `MDC_EVT_WATCHDOG` (code
 *   not assigned yet: 0) as the watchdog event;
 * - status events: the 11073 `MDC_EVT_STAT_*` family (standby, off,
 *   running, NIBP inflating…) reports a device state, not an alarm condition.
 */
const KEEP_ALIVE_NAMES = new Set(['MDC_EVT_ACTIVE', 'MDC_EVT_WATCHDOG']);
const STATUS_PREFIX = 'MDC_EVT_STAT_';

export type EventClass =
  | { kind: 'alarm'; def: EventDef }
  | { kind: 'limit'; direction: 'HIGH' | 'LOW' }
  | { kind: 'keep-alive' }
  | { kind: 'status' }
  /** No event identified: MDC_EVT_ALARM itself, an unlisted code or name, or nothing. */
  | { kind: 'unknown' };

/**
 * What an event code says. Anything that identifies an alarm wins over a
 * keep-alive or status name: a not-an-alarm answer needs positive,
 * uncontradicted evidence.
 */
export function classifyEvent(c: MdcCoded): EventClass {
  const names = mnemonicKeys(c.mnemonic);
  const limit = (c.code !== null ? LIMIT_EVENTS.get(c.code) : undefined) ?? names.map((n) => LIMIT_EVENT_NAMES.get(n)).find((x) => x !== undefined);
  if (limit !== undefined) return { kind: 'limit', direction: limit };
  const def = (c.code !== null ? EVENTS.get(c.code) : undefined) ?? names.map((n) => EVENT_NAMES.get(n)).find((x) => x !== undefined);
  if (def !== undefined) return { kind: 'alarm', def };
  if (names.some((n) => KEEP_ALIVE_NAMES.has(n))) return { kind: 'keep-alive' };
  if (names.some((n) => n.startsWith(STATUS_PREFIX))) return { kind: 'status' };
  return { kind: 'unknown' };
}

export function isEventAlarm(c: MdcCoded): boolean {
  return c.code === MDC_EVT_ALARM || mnemonicKeys(c.mnemonic).includes('MDC_EVT_ALARM');
}

/** An OBX-3 that names an event: the events partition, or an `MDC_EVT_…`/`MDCX_EVT_…` name. */
export function namesAnEvent(c: MdcCoded): boolean {
  if (c.code !== null && c.code >= MDC_PART_EVT && c.code < MDC_PART_DIM) return true;
  return mnemonicKeys(c.mnemonic).some((n) => n.startsWith('MDC_EVT_'));
}
