import { useState } from 'react';
import { PATIENT_DISPLAY_MODES, type PatientDisplayMode } from '../../../shared/domain/patient';
import { useVigilApi } from '../station/api-context';
import { noteActionRecorded } from '../station/recorded-in';
import { stationRequest } from '../station/station-request';
import { useUnitStore } from '../store/unit-store';

const LABEL: Record<PatientDisplayMode, string> = {
  'full-name': 'Full name',
  'initials-mrn': 'Initials and last four of the hospital number (corridor walls)',
  'bed-only': 'Bed only (no patient identity)',
};

/**
 * How this station's tiles name patients (admin). The change is audited and
 * kept across restarts; every view of the station follows at once.
 */
export function PatientDisplayChooser() {
  const api = useVigilApi();
  const current = useUnitStore((s) => s.unit?.patientDisplay);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!current) return null;
  const choose = async (mode: PatientDisplayMode) => {
    setBusy(true);
    setError(null);
    const result = await stationRequest(api, 'display:set-patient-mode', { mode });
    setBusy(false);
    if (result.ok) {
      useUnitStore.getState().setPatientDisplay(result.value.mode);
      noteActionRecorded('Patient display changed', result);
    } else setError(result.error);
  };
  return (
    <fieldset className="admin-display" data-testid="admin-patient-display" disabled={busy}>
      <legend>Tiles show the patient as</legend>
      {PATIENT_DISPLAY_MODES.map((mode) => (
        <label key={mode}>
          <input type="radio" name="patient-display" checked={current === mode} onChange={() => void choose(mode)} data-testid={`patient-display-${mode}`} />
          {LABEL[mode]}
        </label>
      ))}
      {error && (
        <p className="review-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
