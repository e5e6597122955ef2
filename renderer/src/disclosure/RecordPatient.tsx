import type { Strip } from '../../../shared/disclosure/review-schemas';

/**
 * Whose record is on screen: the patients the census had in the bed during
 * the span shown (a transfer or a new admission inside it names both, in
 * order), not whoever is in the bed now.
 */
export function RecordPatient({ stamp }: { stamp: Strip['stamp'] | undefined }) {
  if (!stamp) return null;
  return (
    <p className="record-patient" data-testid="record-patient">
      {stamp.bedLabel} · {stamp.patient ?? 'No patient admitted in this span'}
    </p>
  );
}
