import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditRow } from './audit-row';
import type { JournalReceipt } from './journal/fallback-journal';

/** Where a clinical action was made durable. */
export type ClinicalRecord = { recordedIn: 'audit-trail'; row: AuditRow } | { recordedIn: 'fallback-journal'; journal: JournalReceipt };

export type RecordedIn = ClinicalRecord['recordedIn'];

interface Receipt {
  stored: number;
  journaled: number;
}

const receipts = new AsyncLocalStorage<Receipt>();

/**
 * Runs one request (an operator's action at a view) and reports where its
 * clinical audit entries went, so the view can say "recorded in the fallback
 * journal" without every action's answer growing a field. The receipt is
 * taken when recordClinical() is called (see noteRecorded), so it follows
 * the request through any number of awaits and never mixes two requests.
 */
export async function withDurabilityReceipt<T>(work: () => T | Promise<T>): Promise<{ value: T; recordedIn: RecordedIn | null }> {
  const receipt: Receipt = { stored: 0, journaled: 0 };
  const value = await receipts.run(receipt, work);
  return { value, recordedIn: receipt.journaled > 0 ? 'fallback-journal' : receipt.stored > 0 ? 'audit-trail' : null };
}

/** Called synchronously by recordClinical(): the returned function notes where the entry ended up. */
export function noteRecorded(): (record: ClinicalRecord) => void {
  const receipt = receipts.getStore();
  return (record) => {
    if (!receipt) return;
    if (record.recordedIn === 'fallback-journal') receipt.journaled++;
    else receipt.stored++;
  };
}
