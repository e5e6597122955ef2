import { useState } from 'react';
import { proposeProfileChange, type PendingChange } from './limit-change';
import type { BedLimits } from './use-bed-limits';

/** The bed's limit profile; a charge nurse may pick another (confirmed before it is sent). */
export function ProfileChooser({
  bedId,
  limits,
  canChange,
  disabled,
  onReview,
}: {
  bedId: string;
  limits: BedLimits;
  canChange: boolean;
  disabled: boolean;
  onReview(change: PendingChange): void;
}) {
  const [choice, setChoice] = useState(limits.profile);
  const [error, setError] = useState<string | null>(null);
  const review = () => {
    const proposal = proposeProfileChange(bedId, limits.profile, choice);
    if (!proposal.ok) setError(proposal.error);
    else {
      setError(null);
      onReview(proposal.change);
    }
  };
  return (
    <div className="profile-line">
      Profile: <strong data-testid="limit-profile">{limits.profile}</strong>
      {canChange && (
        <>
          <select value={choice} onChange={(e) => setChoice(e.target.value)} aria-label="New limit profile" data-testid="profile-select" disabled={disabled}>
            {limits.profiles.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <button type="button" onClick={review} disabled={disabled || choice === limits.profile} data-testid="review-profile">
            Change profile…
          </button>
        </>
      )}
      {error && (
        <span className="review-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
