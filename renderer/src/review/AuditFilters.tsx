import { useId, useState, type FormEvent } from 'react';
import { AUDIT_ACTIONS } from '../../../shared/audit/audit-actions';
import type { AuditReviewFilter } from '../../../shared/audit/audit-review';
import { useUnitStore } from '../store/unit-store';
import { EMPTY_AUDIT_FILTER, reviewFilterFrom, type AuditFilterDraft } from './audit-filter';

/**
 * The viewer's filter form. Applied on submit, not per keystroke: at a
 * million rows every new filter costs the station a count.
 */
export function AuditFilters({ onApply }: { onApply(filter: AuditReviewFilter): void }) {
  const [draft, setDraft] = useState<AuditFilterDraft>(EMPTY_AUDIT_FILTER);
  const [error, setError] = useState<string | null>(null);
  const beds = useUnitStore((s) => s.unit?.beds);
  const bedListId = useId();
  const set = (field: keyof AuditFilterDraft) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const outcome = reviewFilterFrom(draft);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    setError(null);
    onApply(outcome.value);
  };
  const clear = () => {
    setDraft(EMPTY_AUDIT_FILTER);
    setError(null);
    onApply({});
  };

  return (
    <form className="review-filters" onSubmit={submit} data-testid="audit-filters">
      <label>
        From
        <input type="datetime-local" step={1} value={draft.from} onChange={set('from')} data-testid="filter-from" />
      </label>
      <label>
        Before
        <input type="datetime-local" step={1} value={draft.to} onChange={set('to')} data-testid="filter-to" />
      </label>
      <label>
        Bed
        <input list={bedListId} value={draft.bedId} onChange={set('bedId')} placeholder="any" size={8} data-testid="filter-bed" />
        <datalist id={bedListId}>
          {beds?.map((bed) => (
            <option key={bed.bedId} value={bed.bedId}>
              {bed.label}
            </option>
          ))}
        </datalist>
      </label>
      <label>
        User
        <input value={draft.userId} onChange={set('userId')} placeholder="any" size={10} data-testid="filter-user" />
      </label>
      <label>
        Action
        <select value={draft.action} onChange={set('action')} data-testid="filter-action">
          <option value="">any</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
      <label>
        Alarm id
        <input value={draft.alarmId} onChange={set('alarmId')} placeholder="any" size={24} data-testid="filter-alarm" />
      </label>
      <button type="submit" data-testid="apply-filter">
        Apply
      </button>
      <button type="button" onClick={clear}>
        Clear
      </button>
      {error && (
        <span className="review-error" role="alert" data-testid="filter-error">
          {error}
        </span>
      )}
    </form>
  );
}
