import { useState, type FormEvent } from 'react';
import { PARAMETER_LABEL, type LimitParameter } from '../../../shared/alarms/limit-parameters';
import type { ParameterLimits } from '../../../shared/alarms/limit-profiles';
import { proposeLimitChange, type PendingChange } from './limit-change';
import { limitUnit } from './limit-format';

/**
 * One parameter's low/high as editable fields. "Review" only proposes the
 * change; nothing is sent before the confirmation step.
 */
export function LimitEditor({
  bedId,
  parameter,
  current,
  disabled,
  onReview,
  onCancel,
}: {
  bedId: string;
  parameter: LimitParameter;
  current: ParameterLimits;
  disabled: boolean;
  onReview(change: PendingChange): void;
  onCancel(): void;
}) {
  const [low, setLow] = useState(current.low === null ? '' : String(current.low));
  const [high, setHigh] = useState(current.high === null ? '' : String(current.high));
  const [error, setError] = useState<string | null>(null);
  const label = PARAMETER_LABEL[parameter];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const proposal = proposeLimitChange(bedId, parameter, current, low, high);
    if (!proposal.ok) setError(proposal.error);
    else {
      setError(null);
      onReview(proposal.change);
    }
  };

  return (
    <tr className="limit-editing" data-testid="limit-editor" data-parameter={parameter}>
      <th scope="row">
        {label} <span className="limit-unit">{limitUnit(parameter)}</span>
      </th>
      <td colSpan={8}>
        <form className="limit-edit-form" onSubmit={submit}>
          <label>
            Low
            <input value={low} onChange={(e) => setLow(e.target.value)} inputMode="decimal" size={6} aria-label={`${label} low`} data-testid="edit-low" disabled={disabled} />
          </label>
          <label>
            High
            <input value={high} onChange={(e) => setHigh(e.target.value)} inputMode="decimal" size={6} aria-label={`${label} high`} data-testid="edit-high" disabled={disabled} />
          </label>
          <button type="submit" disabled={disabled} data-testid="review-limit">
            Review change…
          </button>
          <button type="button" onClick={onCancel} disabled={disabled}>
            Cancel
          </button>
          <span className="review-hint">Empty means no limit on that side.</span>
          {error && (
            <span className="review-error" role="alert" data-testid="limit-edit-error">
              {error}
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}
