import { useState, type FormEvent } from 'react';
import { PATIENT_CATEGORIES, PATIENT_SEXES, type ManualPatient, type Patient, type PatientCategory, type PatientSex } from '../../../shared/domain/patient';
import { categoryFor } from '../../../shared/domain/patient-age';
import { CATEGORY_SHORT } from '../wall/patient-label';

const SEX_LABEL: Record<PatientSex, string> = { F: 'Female', M: 'Male', O: 'Other', U: 'Unknown' };

/**
 * Admit or correct a patient at the station. The category follows the date
 * of birth until the person picks one (it chooses the bed's limit profile,
 * so it is always shown and always chosen). For a patient the ADT feed
 * admitted only the category can be changed: the feed owns identity.
 */
export function PatientForm({
  initial,
  identityLocked,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: Patient | null;
  identityLocked: boolean;
  submitLabel: string;
  busy: boolean;
  onSubmit(patient: ManualPatient): void;
  onCancel(): void;
}) {
  const [family, setFamily] = useState(initial?.family ?? '');
  const [given, setGiven] = useState(initial?.given ?? '');
  const [mrn, setMrn] = useState(initial?.mrn.id ?? '');
  const [dob, setDob] = useState(initial?.dob ?? '');
  const [sex, setSex] = useState<PatientSex>(initial?.sex ?? 'U');
  const [category, setCategory] = useState<PatientCategory | ''>(initial?.category ?? '');
  const suggested = dob ? categoryFor(dob, Date.now()) : null;
  const chosen: PatientCategory | '' = category || suggested || '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    onSubmit({
      mrn: { id: mrn.trim(), type: initial?.mrn.type ?? 'MR', authority: initial?.mrn.authority ?? '' },
      family: family.trim(),
      given: given.trim(),
      dob: dob === '' ? null : dob,
      sex,
      category: chosen,
    });
  };

  return (
    <form className="patient-form" onSubmit={submit} data-testid="patient-form">
      <label>
        Family name
        <input value={family} onChange={(e) => setFamily(e.target.value)} disabled={identityLocked} maxLength={64} data-testid="patient-family" />
      </label>
      <label>
        Given name
        <input value={given} onChange={(e) => setGiven(e.target.value)} disabled={identityLocked} maxLength={64} data-testid="patient-given" />
      </label>
      <label>
        Hospital number
        <input value={mrn} onChange={(e) => setMrn(e.target.value)} disabled={identityLocked} maxLength={64} required data-testid="patient-mrn" />
      </label>
      <label>
        Date of birth
        <input type="date" value={dob} onChange={(e) => setDob(e.target.value)} disabled={identityLocked} data-testid="patient-dob" />
      </label>
      <label>
        Sex
        <select value={sex} onChange={(e) => setSex(e.target.value as PatientSex)} disabled={identityLocked} data-testid="patient-sex">
          {PATIENT_SEXES.map((s) => (
            <option key={s} value={s}>
              {SEX_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Category (sets the alarm limits)
        <select value={chosen} onChange={(e) => setCategory(e.target.value as PatientCategory)} required data-testid="patient-category">
          <option value="" disabled>
            choose…
          </option>
          {PATIENT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_SHORT[c]}
              {c === suggested ? ' (from date of birth)' : ''}
            </option>
          ))}
        </select>
      </label>
      {identityLocked && <p className="review-hint">Admitted by the hospital&apos;s ADT feed: name, number, date of birth and sex are corrected in the hospital system.</p>}
      <div className="patient-form-buttons">
        <button type="submit" disabled={busy || !chosen} data-testid="patient-submit">
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
