import { useEffect, useId, useRef } from 'react';
import { changeLines, type PendingChange } from './limit-change';

/**
 * "Limit changes take a confirmation": the exact before → after values, for
 * this bed, and a deliberate second click. While the station is saving,
 * both buttons are off and the box says so.
 */
export function ChangeConfirmation({
  bedLabel,
  change,
  saving,
  onConfirm,
  onCancel,
}: {
  bedLabel: string;
  change: PendingChange;
  saving: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const titleId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  const title = change.kind === 'profile' ? 'Confirm profile change' : 'Confirm limit change';

  return (
    <div
      className="change-confirmation"
      role="alertdialog"
      aria-labelledby={titleId}
      data-testid="change-confirmation"
      onKeyDown={(event) => {
        // Escape here steps back from the confirmation rather than closing the whole bed panel.
        if (event.key !== 'Escape' || saving) return;
        event.preventDefault();
        onCancel();
      }}
    >
      <h4 id={titleId}>
        {title} – {bedLabel}
      </h4>
      <table className="review-table">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Before</th>
            <th scope="col" aria-hidden="true" />
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changeLines(change).map((line) => (
            <tr key={line.what} className={line.changed ? 'change-line--changed' : 'change-line--same'} data-testid="change-line">
              <th scope="row">{line.what}</th>
              <td data-testid="change-before">{line.before}</td>
              <td aria-hidden="true">→</td>
              <td data-testid="change-after">{line.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {change.kind === 'profile' && <p className="review-hint">Every parameter takes the {change.after} profile&apos;s limits, replacing changes made by hand.</p>}
      <p className="review-hint">The change is recorded in the audit log under your name.</p>
      <div className="change-buttons">
        <button ref={confirmRef} type="button" className="confirm-button" onClick={onConfirm} disabled={saving} data-testid="confirm-change">
          {saving ? 'Saving…' : 'Confirm change'}
        </button>
        <button type="button" onClick={onCancel} disabled={saving} data-testid="cancel-change">
          Back
        </button>
      </div>
    </div>
  );
}
