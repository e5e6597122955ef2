import type { NumericKind } from '../../../../shared/domain/numeric';

/**
 * ISO/IEEE 11073-10101 (MDC) codes the listener understands, as the 32-bit
 * context-free codes IHE PCD puts in OBX-3 (partition × 65536 + term code).
 *
 * Sources, cross-checked:
 * - docs clinical reference ("Codes for device feeds"), IHE PCD TF-2 examples;
 * - Philips IntelliVue Data Export nomenclature (NOM_* term codes: the same
 *   11073 term codes, partition given separately), e.g. NOM_ECG_CARD_BEAT_RATE
 *   0x4182 → 2·65536 + 16770 = 147842, NOM_EVT_ECG_ASYSTOLE 3076 → 199684;
 * - GE B40 and Mindray PCD-01/PCD-04 interface examples (149522, 150301…);
 * - DICOM CID 3038 (MDC 3:3076 asystole, 3:3072 apnea, 3:3246 desaturation).
 * Codes we could not confirm from two sources (e.g. a numeric code for
 * ventricular fibrillation in partition 3) are matched by mnemonic only.
 */

/** Partition bases (11073-10101 §A.2). */
export const MDC_PART_SCADA = 2 * 65536;
export const MDC_PART_EVT = 3 * 65536;
export const MDC_PART_DIM = 4 * 65536;

export interface MetricDef {
  kind: NumericKind;
  /** Lower wins when one message reports the same kind twice (e.g. body vs generic temperature). */
  rank: number;
  mnemonics: readonly string[];
}

export const MDC_METRICS: ReadonlyMap<number, MetricDef> = new Map<number, MetricDef>([
  [147842, { kind: 'hr', rank: 0, mnemonics: ['MDC_ECG_HEART_RATE', 'MDC_ECG_CARD_BEAT_RATE'] }],
  [150456, { kind: 'spo2', rank: 0, mnemonics: ['MDC_PULS_OXIM_SAT_O2'] }],
  [149530, { kind: 'pulseRate', rank: 0, mnemonics: ['MDC_PULS_OXIM_PULS_RATE'] }],
  [151562, { kind: 'rr', rank: 0, mnemonics: ['MDC_RESP_RATE'] }],
  // Airway (capnography) respiration rate: used only when impedance RR is absent.
  [151570, { kind: 'rr', rank: 1, mnemonics: ['MDC_AWAY_RESP_RATE'] }],
  [150021, { kind: 'nibpSys', rank: 0, mnemonics: ['MDC_PRESS_BLD_NONINV_SYS'] }],
  [150022, { kind: 'nibpDia', rank: 0, mnemonics: ['MDC_PRESS_BLD_NONINV_DIA'] }],
  [150023, { kind: 'nibpMean', rank: 0, mnemonics: ['MDC_PRESS_BLD_NONINV_MEAN'] }],
  // Cuff pressure codes, as spot-check and some Mindray monitors report NIBP.
  [150301, { kind: 'nibpSys', rank: 1, mnemonics: ['MDC_PRESS_CUFF_SYS'] }],
  [150302, { kind: 'nibpDia', rank: 1, mnemonics: ['MDC_PRESS_CUFF_DIA'] }],
  [150303, { kind: 'nibpMean', rank: 1, mnemonics: ['MDC_PRESS_CUFF_MEAN'] }],
  [150364, { kind: 'temp', rank: 0, mnemonics: ['MDC_TEMP_BODY'] }],
  [150344, { kind: 'temp', rank: 1, mnemonics: ['MDC_TEMP'] }],
  [188496, { kind: 'temp', rank: 2, mnemonics: ['MDC_TEMP_AXIL'] }],
]);

/** Mnemonic → code, to catch an OBX-3 whose code and name disagree. */
export const METRIC_CODE_BY_MNEMONIC: ReadonlyMap<string, number> = new Map(
  [...MDC_METRICS].flatMap(([code, def]) => def.mnemonics.map((m) => [m, code] as const)),
);

/** PCD-04: the alert row's OBX-3. */
export const MDC_EVT_ALARM = 196616;
/** Limit events: as OBX-3 (ACM style, OBX-5 names the parameter) or as the event in OBX-5. */
export const MDC_LIMIT_EVENTS: ReadonlyMap<number, 'HIGH' | 'LOW'> = new Map([
  [196648, 'HIGH'], // MDC_EVT_HI (3:40)
  [196650, 'HIGH'], // MDC_EVT_HI_GT_LIM (3:42)
  [196670, 'LOW'], // MDC_EVT_LO (3:62)
  [196672, 'LOW'], // MDC_EVT_LO_LT_LIM (3:64)
]);
export const LIMIT_EVENT_BY_MNEMONIC: ReadonlyMap<string, 'HIGH' | 'LOW'> = new Map([
  ['MDC_EVT_HI', 'HIGH'],
  ['MDC_EVT_HI_GT_LIM', 'HIGH'],
  ['MDC_EVT_LO', 'LOW'],
  ['MDC_EVT_LO_LT_LIM', 'LOW'],
]);

/** PCD-04 sub-rows (partition 1, object attributes). */
export const MDC_ATTR_EVENT_PHASE = 68481;
export const MDC_ATTR_ALARM_STATE = 68482;
export const MDC_ATTR_ALARM_INACTIVATION_STATE = 68483;
/** Seen in Mindray PCD-04 output as a priority row; used only when OBX-8 has none. */
export const MDC_ATTR_ALARM_PRIORITY = 68484;

export interface EventDef {
  code: string;
  message: string;
  /** The usual nature of the event, when the device does not say SP/ST. */
  source: 'device' | 'technical';
}

const EVT = (term: number) => MDC_PART_EVT + term;

/** Device event codes → station alarm codes (the vocabulary of the alarm engine). */
export const MDC_EVENTS: ReadonlyMap<number, EventDef> = new Map<number, EventDef>([
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

/** Mnemonic fallback (vendors that send an unlisted number, and events without a confirmed number). */
export const EVENTS_BY_MNEMONIC: ReadonlyMap<string, EventDef> = new Map<string, EventDef>([
  ['MDC_EVT_LEAD_OFF', MDC_EVENTS.get(EVT(72))!],
  ['MDC_EVT_ECG_LEAD_OFF', MDC_EVENTS.get(EVT(72))!],
  ['MDC_EVT_LEADS_OFF', MDC_EVENTS.get(EVT(274))!],
  ['MDC_EVT_APNEA', MDC_EVENTS.get(EVT(3072))!],
  ['MDC_EVT_ECG_ASYSTOLE', MDC_EVENTS.get(EVT(3076))!],
  ['MDC_EVT_ECG_V_TACHY', MDC_EVENTS.get(EVT(3224))!],
  ['MDC_EVT_DESAT', MDC_EVENTS.get(EVT(3246))!],
  ['MDC_EVT_ECG_V_FIB', { code: 'VF', message: 'Ventricular fibrillation', source: 'device' }],
  ['MDC_EVT_ECG_V_FIB_TACHY', { code: 'VF', message: 'Ventricular fibrillation / tachycardia', source: 'device' }],
  ['MDC_EVT_ECG_BRADY_EXTREME', MDC_EVENTS.get(EVT(3086))!],
  ['MDC_EVT_ECG_TACHY_EXTREME', MDC_EVENTS.get(EVT(3122))!],
]);

/** True for codes in the events partition (an alert row may name its event directly in OBX-3). */
export function isEventCode(code: number): boolean {
  return code >= MDC_PART_EVT && code < MDC_PART_DIM;
}
