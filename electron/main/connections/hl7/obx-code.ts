import type { Hl7Message, Hl7Segment } from './hl7-message';

/**
 * The MDC code of a CWE/CE field (OBX-3, OBX-5 of an alert row, OBX-3 of a
 * facet row): `code ^ text ^ system` and, optionally, an alternate triplet
 * `^ code ^ text ^ system`. IHE PCD puts MDC first; some senders put LOINC
 * first and MDC as the alternate (`8889-8^…^LN^149530^MDC_PULS_OXIM_PULS_RATE^MDC`),
 * so both triplets are looked at. A triplet counts as MDC when its system
 * says MDC, or says nothing and the code is numeric (bare `196650` is seen).
 *
 * Code 0 means "no code assigned yet": IHE PCD TF-2 itself sends provisional
 * terms as `0^MDCX_…^MDC` (Rev. 9.0 B.8.5 "preliminary MDC is 0, preliminary
 * REFID is MDCX_ATTR_ALERT_ANNOTATION", E.3 `0^MDCX_DOCUMENTATION_ERROR^MDC`),
 * and vendors do the same with standard names (`0^MDC_ECG_HEART_RATE^MDC`).
 * Such a triplet is read by its name alone, never as code 0.
 */
export interface MdcCoded {
  /** The 32-bit context-free code; null when absent, 0 or not numeric. */
  code: number | null;
  /** The MDC reference id (e.g. MDC_ECG_HEART_RATE, MDCX_…), upper-cased; '' when absent. */
  mnemonic: string;
}

export const NO_MDC: MdcCoded = { code: null, mnemonic: '' };

/** An MDC reference id, as vendors write it (some put spaces or dashes in vendor-specific ones). */
const MDC_NAME = /^MDCX?_\S/;

export function mdcCodeOf(msg: Hl7Message, seg: Hl7Segment, field: number, repetition = 0): MdcCoded {
  return mdcCodeOfComponents(msg.components(seg, field, repetition));
}

export function mdcCodeOfComponents(c: readonly string[]): MdcCoded {
  for (const i of [0, 3]) {
    const code = (c[i] ?? '').trim();
    const text = (c[i + 1] ?? '').trim().toUpperCase();
    const system = (c[i + 2] ?? '').trim().toUpperCase();
    if (system !== 'MDC' && system !== '') continue;
    const named = MDC_NAME.test(text) ? text : '';
    if (/^\d{1,10}$/.test(code)) {
      const n = Number(code);
      if (n !== 0) return { code: n, mnemonic: named };
      if (named) return { code: null, mnemonic: named };
      continue;
    }
    if (code === '' && named) return { code: null, mnemonic: named };
    // `MDC_RESP_RATE^^MDC`: the name in the code component.
    if (system === 'MDC' && MDC_NAME.test(code.toUpperCase())) return { code: null, mnemonic: code.toUpperCase() };
  }
  return NO_MDC;
}

export function isMdc(c: MdcCoded): boolean {
  return c.code !== null || c.mnemonic !== '';
}

/**
 * The names to look a mnemonic up under: `MDCX_` marks a term whose code is
 * not assigned yet, and the same concept later gets the `MDC_` name.
 */
export function mnemonicKeys(mnemonic: string): string[] {
  if (mnemonic === '') return [];
  return mnemonic.startsWith('MDCX_') ? [mnemonic, `MDC_${mnemonic.slice(5)}`] : [mnemonic];
}

/**
 * Which code system an OBX-3 is in: 'mdc' (either triplet is MDC), 'none'
 * (field empty) or 'foreign' (LOINC only, a vendor's local system such as
 * Philips' MDIL, text without a code…). A row the station reads only by its
 * MDC code is "not understood" when it is foreign.
 */
export function codeSystemOf(msg: Hl7Message, seg: Hl7Segment, field: number): 'mdc' | 'foreign' | 'none' {
  const c = msg.components(seg, field);
  if (c.every((x) => x.trim() === '')) return 'none';
  return isMdc(mdcCodeOfComponents(c)) ? 'mdc' : 'foreign';
}
