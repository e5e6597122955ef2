import type { Hl7Message, Hl7Segment } from './hl7-message';

/**
 * The MDC code of a CWE field (OBX-3, OBX-5 of an alert row): `code ^ text ^
 * system` and, optionally, an alternate triplet `^ code ^ text ^ system`.
 * IHE PCD puts MDC first; some senders put LOINC first and MDC as the
 * alternate (`8889-8^…^LN^149530^MDC_PULS_OXIM_PULS_RATE^MDC`), so both
 * triplets are looked at. A triplet counts as MDC when its system says MDC,
 * or says nothing and the code is numeric.
 */
export interface MdcCoded {
  code: number | null;
  /** The MDC reference id (e.g. MDC_ECG_HEART_RATE), upper-cased; '' when absent. */
  mnemonic: string;
}

export function mdcCodeOf(msg: Hl7Message, seg: Hl7Segment, field: number, repetition = 0): MdcCoded {
  const c = msg.components(seg, field, repetition);
  for (const i of [0, 3]) {
    const code = (c[i] ?? '').trim();
    const text = (c[i + 1] ?? '').trim().toUpperCase();
    const system = (c[i + 2] ?? '').trim().toUpperCase();
    if (system !== 'MDC' && system !== '') continue;
    if (/^\d{1,10}$/.test(code)) return { code: Number(code), mnemonic: text };
    if (system === 'MDC' && text.startsWith('MDC_')) return { code: null, mnemonic: text };
    if (code === '' && text.startsWith('MDC_')) return { code: null, mnemonic: text };
  }
  return { code: null, mnemonic: '' };
}
