import type { NumericKind } from '../../../../shared/domain/numeric';
import { mnemonicKeys, type MdcCoded } from './obx-code';

/**
 * THE table of numerics the station shows, as IEEE 11073-10101 (MDC) codes:
 * the 32-bit context-free code IHE PCD puts in OBX-3 is partition × 65536 +
 * term code, and every term here is in partition 2 (SCADA, 131072).
 *
 * A code is listed only when two independent sources agree on it:
 *   [R] the NIST Rosetta Terminology Mapping (RTMMS), as exported in
 *       OpenICE's nomenclature (mdpnp `physio.idl`, term codes);
 *   [D] HL7 Denmark DK Core "IEEE Basic Observation" value set (codes with
 *       IEEE's own definitions, e.g. 151578 "Rate of breathing; method:
 *       transthoracic impedance variations");
 *   [P] the Philips IntelliVue Data Export NOM_* list (same term codes);
 *   [H] the IEEE 11073-104xx personal-health nomenclature (thermometer sites);
 *   [T] IHE PCD TF-2 Rev. 9.0 / ACM supplement example messages;
 *   [V] vendor interface guides (Mindray), for vendor-specific codes only.
 * `namedCodes` are codes a vendor uses that are not (or not verifiably) the
 * standard's: they count only together with the listed name, so a different
 * observation that happens to carry the same number is never read as this one.
 *
 * Deliberately absent: skin, finger, toe, airway and injectate temperatures
 * (not the patient's temperature), arterial SaO2 150324 (a blood gas, not
 * SpO2), left/right SpO2 150472/150476 (site-specific; which one the tile
 * should show is a clinical choice), ventilator rates (set or machine
 * rates, not the patient's breathing), continuous non-invasive BP.
 *
 * `rank`: lower wins when one message reports the same kind twice.
 */
export interface MetricDef {
  kind: NumericKind;
  rank: number;
  /** Verified standard code, accepted on its own (null: matched by name only). */
  code: number | null;
  names: readonly string[];
  namedCodes?: readonly number[];
  /** Where the code was checked (see the legend above). */
  sources: string;
}

const SCADA = 2 * 65536;

export const MDC_METRIC_TABLE: readonly MetricDef[] = [
  { kind: 'hr', rank: 0, code: SCADA + 16770, names: ['MDC_ECG_HEART_RATE', 'MDC_ECG_CARD_BEAT_RATE'], sources: 'R P D T' },

  { kind: 'pulseRate', rank: 0, code: SCADA + 18458, names: ['MDC_PULS_OXIM_PULS_RATE'], sources: 'R D' },
  // IntelliVue's name for the oximeter's pulse rate; also in the ACM supplement's examples.
  { kind: 'pulseRate', rank: 0, code: SCADA + 18466, names: ['MDC_PLETH_PULS_RATE'], sources: 'P T' },
  { kind: 'pulseRate', rank: 1, code: SCADA + 18442, names: ['MDC_PULS_RATE'], sources: 'R P D' },
  { kind: 'pulseRate', rank: 1, code: SCADA + 18450, names: ['MDC_BLD_PULS_RATE_INV'], sources: 'R D' },
  // From the NIBP cuff: episodic, so only when nothing continuous reports a pulse.
  { kind: 'pulseRate', rank: 2, code: SCADA + 18474, names: ['MDC_PULS_RATE_NON_INV'], sources: 'R H D' },

  { kind: 'spo2', rank: 0, code: SCADA + 19384, names: ['MDC_PULS_OXIM_SAT_O2'], sources: 'R P H D' },

  { kind: 'rr', rank: 0, code: SCADA + 20490, names: ['MDC_RESP_RATE'], sources: 'R P H D' },
  // Impedance pneumography: what most monitors' "RR" is.
  { kind: 'rr', rank: 0, code: SCADA + 20506, names: ['MDC_TTHOR_RESP_RATE'], sources: 'R D' },
  // Airway flow and capnography: used only when impedance RR is absent.
  { kind: 'rr', rank: 1, code: SCADA + 20498, names: ['MDC_AWAY_RESP_RATE'], sources: 'R P H D' },
  { kind: 'rr', rank: 1, code: SCADA + 20522, names: ['MDC_CO2_RESP_RATE'], sources: 'R D' },
  { kind: 'rr', rank: 2, code: SCADA + 20586, names: ['MDC_PULS_OXIM_PLETH_RESP_RATE'], sources: 'D V' },

  { kind: 'nibpSys', rank: 0, code: SCADA + 18949, names: ['MDC_PRESS_BLD_NONINV_SYS'], sources: 'R P H D' },
  { kind: 'nibpDia', rank: 0, code: SCADA + 18950, names: ['MDC_PRESS_BLD_NONINV_DIA'], sources: 'R P H D' },
  { kind: 'nibpMean', rank: 0, code: SCADA + 18951, names: ['MDC_PRESS_BLD_NONINV_MEAN'], sources: 'R P H D' },
  // Cuff pressure codes, as spot-check and some Mindray monitors report NIBP.
  { kind: 'nibpSys', rank: 1, code: SCADA + 19229, names: ['MDC_PRESS_CUFF_SYS'], sources: 'R V' },
  { kind: 'nibpDia', rank: 1, code: SCADA + 19230, names: ['MDC_PRESS_CUFF_DIA'], sources: 'R V' },
  { kind: 'nibpMean', rank: 1, code: SCADA + 19231, names: ['MDC_PRESS_CUFF_MEAN'], sources: 'R V' },

  { kind: 'temp', rank: 0, code: SCADA + 19292, names: ['MDC_TEMP_BODY'], sources: 'R H D' },
  { kind: 'temp', rank: 1, code: SCADA + 19272, names: ['MDC_TEMP'], sources: 'R P' },
  // Core sites.
  { kind: 'temp', rank: 2, code: SCADA + 19296, names: ['MDC_TEMP_CORE'], sources: 'R P D' },
  { kind: 'temp', rank: 2, code: SCADA + 19300, names: ['MDC_TEMP_ESOPH'], sources: 'R P' },
  { kind: 'temp', rank: 2, code: SCADA + 19308, names: ['MDC_TEMP_NASOPH'], sources: 'R P' },
  { kind: 'temp', rank: 2, code: SCADA + 57348, names: ['MDC_TEMP_RECT'], sources: 'R P H D' },
  { kind: 'temp', rank: 2, code: SCADA + 57364, names: ['MDC_TEMP_BLD'], sources: 'R P' },
  // Peripheral sites.
  { kind: 'temp', rank: 3, code: SCADA + 19320, names: ['MDC_TEMP_TYMP'], sources: 'R P H D' },
  { kind: 'temp', rank: 3, code: SCADA + 57352, names: ['MDC_TEMP_ORAL'], sources: 'R H D' },
  { kind: 'temp', rank: 3, code: SCADA + 57356, names: ['MDC_TEMP_EAR'], sources: 'R H D' },
  { kind: 'temp', rank: 3, code: SCADA + 57380, names: ['MDC_TEMP_AXILLA'], sources: 'H D' },
  // Mindray's axillary temperature (its interface guide: 188496^MDC_TEMP_AXIL^MDC).
  { kind: 'temp', rank: 3, code: null, names: ['MDC_TEMP_AXIL'], namedCodes: [188496], sources: 'V' },
];

const BY_CODE = new Map<number, MetricDef>(MDC_METRIC_TABLE.filter((d) => d.code !== null).map((d) => [d.code!, d]));
const BY_NAME = new Map<string, MetricDef>(MDC_METRIC_TABLE.flatMap((d) => d.names.map((n) => [n, d] as const)));

/** The metric an OBX-3 names, 'conflict' when its code and name denote different observations, else null. */
export function metricOf(c: MdcCoded): MetricDef | 'conflict' | null {
  const named = mnemonicKeys(c.mnemonic).map((k) => BY_NAME.get(k)).find((d) => d !== undefined);
  if (c.code === null) return named ?? null;
  const coded = BY_CODE.get(c.code);
  if (coded !== undefined) return named !== undefined && named !== coded ? 'conflict' : coded;
  if (named === undefined) return null;
  // An unknown number with a known name: only a vendor code listed for that name.
  return named.namedCodes?.includes(c.code) ? named : 'conflict';
}

/** Same, for places where a conflict simply means "not identified" (alarm parameters). */
export function metricKindOf(c: MdcCoded): NumericKind | null {
  const m = metricOf(c);
  return m === null || m === 'conflict' ? null : m.kind;
}

/** Whether a bare number is a metric code we show (OBX-4 paths that carry the metric's code). */
export function metricByCode(code: number): MetricDef | undefined {
  return BY_CODE.get(code);
}
