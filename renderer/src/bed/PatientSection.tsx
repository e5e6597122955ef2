import { useState } from 'react';
import type { CensusEncounter } from '../../../shared/domain/census';
import type { InvokeChannel, InvokeRequest } from '../../../shared/ipc/contract';
import { ageText } from '../../../shared/domain/patient-age';
import { useVigilApi } from '../station/api-context';
import { noteActionRecorded } from '../station/recorded-in';
import { stationRequest } from '../station/station-request';
import { useAlarmStore } from '../store/alarm-store';
import { useUnitStore } from '../store/unit-store';
import { formatLocalDateTime } from '../review/local-time';
import { CATEGORY_SHORT, patientLabel } from '../wall/patient-label';
import { PatientForm } from './PatientForm';
import { useCensusDetails } from './use-census-details';

type Mode = 'view' | 'admit' | 'edit' | 'transfer' | 'discharge';

type CensusChange = Extract<InvokeChannel, 'census:admit' | 'census:update' | 'census:transfer' | 'census:discharge' | 'census:confirm-review'>;

const DONE: Record<CensusChange, string> = {
  'census:admit': 'Patient admitted',
  'census:update': 'Patient corrected',
  'census:transfer': 'Patient transferred',
  'census:discharge': 'Patient discharged',
  'census:confirm-review': 'Bed confirmed',
};

const REVIEW_TEXT: Record<string, string> = {
  'replaced-manual-admission': 'The ADT feed replaced the admission made at the station.',
  'displaced-previous-patient': 'The ADT feed put this patient here; the previous patient has no bed now.',
  'displaced-by-feed': 'The ADT feed put another patient in this patient’s bed.',
  'moved-without-transfer': 'The ADT feed admitted this patient to this bed without a transfer.',
  'transfer-without-admission': 'The ADT feed transferred a patient the station had not admitted.',
  'restored-from-history': 'A cancel from the ADT feed named no usable bed: the station put the patient back where its history says.',
  'identity-changed-in-cancel': 'The patient’s name changed in a cancel from the ADT feed.',
};

/**
 * Who is in this bed. Everyone sees what the tile shows; a nurse or charge
 * nurse sees the record (name, hospital number, date of birth, who admitted
 * and when); a charge nurse admits, corrects, transfers and discharges.
 * Every change is shown only once the station answers, i.e. once it is
 * audited; the tiles follow through the station's census updates.
 */
export function PatientSection({ bedId, bedLabel }: { bedId: string; bedLabel: string }) {
  const api = useVigilApi();
  const display = useUnitStore((s) => s.census[bedId]);
  const clinical = useUnitStore((s) => s.unit?.clinicalActionsAllowed ?? false);
  const beds = useUnitStore((s) => s.unit?.beds);
  const permissions = useAlarmStore((s) => s.session?.permissions);
  const canView = permissions?.includes('census-view') ?? false;
  const canEdit = clinical && (permissions?.includes('census-edit') ?? false);
  const { details, error: loadError } = useCensusDetails(canView);
  const encounter = details?.beds.find((b) => b.bedId === bedId)?.encounter ?? null;
  const [mode, setMode] = useState<Mode>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState('');
  const label = patientLabel(display);

  const run = async <C extends CensusChange>(channel: C, request: InvokeRequest<C>) => {
    setBusy(true);
    setError(null);
    const result = await stationRequest(api, channel, request);
    setBusy(false);
    if (result.ok) {
      setMode('view');
      // Done, and said where it was recorded (the fallback journal while the audit store is down).
      noteActionRecorded(DONE[channel], result);
    } else setError(result.error);
  };

  const emptyBeds = (details?.beds ?? []).filter((b) => b.encounter === null && b.bedId !== bedId);
  const labelOf = (id: string) => beds?.find((b) => b.bedId === id)?.label ?? id;

  return (
    <section className="bed-section bed-patient" data-testid="bed-patient" data-patient-state={label.state}>
      <h3>Patient</h3>
      {mode === 'view' && (
        <>
          {encounter ? (
            <PatientRecord encounter={encounter} />
          ) : (
            <p className={`patient-summary patient-summary--${label.state}`} data-testid="patient-summary">
              {label.name}
              {label.detail && <span className="tile-category"> · {label.detail}</span>}
            </p>
          )}
          {!canView && label.state === 'patient' && <p className="review-hint">Sign in to see the patient&apos;s record.</p>}
          {loadError && (
            <p className="review-error" role="alert">
              Could not read the census: {loadError}
            </p>
          )}
          {encounter?.review && (
            <p className="patient-review" role="status" data-testid="patient-review">
              ⚑ {REVIEW_TEXT[encounter.review.reason] ?? 'The ADT feed changed this patient.'} Check the patient, then confirm.
            </p>
          )}
          {canEdit && (
            <div className="patient-buttons">
              {label.state !== 'patient' && (
                <button type="button" onClick={() => setMode('admit')} data-testid="patient-admit">
                  Admit a patient
                </button>
              )}
              {label.state === 'unknown' && (
                <button type="button" disabled={busy} onClick={() => void run('census:confirm-review', { bedId, encounterId: null })} data-testid="patient-confirm-empty">
                  Confirm: no patient
                </button>
              )}
              {encounter && (
                <>
                  <button type="button" onClick={() => setMode('edit')} data-testid="patient-edit">
                    Edit
                  </button>
                  <button type="button" onClick={() => setMode('transfer')} data-testid="patient-transfer">
                    Transfer
                  </button>
                  <button type="button" onClick={() => setMode('discharge')} data-testid="patient-discharge">
                    Discharge
                  </button>
                  {encounter.review && (
                    <button type="button" disabled={busy} onClick={() => void run('census:confirm-review', { bedId, encounterId: encounter.encounterId })} data-testid="patient-confirm-review">
                      Checked: confirm
                    </button>
                  )}
                </>
              )}
            </div>
          )}
        </>
      )}
      {mode === 'admit' && <PatientForm initial={null} identityLocked={false} submitLabel={`Admit to ${bedLabel}`} busy={busy} onSubmit={(patient) => void run('census:admit', { bedId, patient })} onCancel={() => setMode('view')} />}
      {mode === 'edit' && encounter && (
        <PatientForm
          initial={encounter.patient}
          identityLocked={encounter.source === 'feed'}
          submitLabel="Save"
          busy={busy}
          onSubmit={(patient) => void run('census:update', { bedId, encounterId: encounter.encounterId, patient })}
          onCancel={() => setMode('view')}
        />
      )}
      {mode === 'transfer' && encounter && (
        <div className="patient-confirm" data-testid="patient-transfer-form">
          <label>
            Move to
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="patient-transfer-target">
              <option value="">choose an empty bed…</option>
              {emptyBeds.map((b) => (
                <option key={b.bedId} value={b.bedId}>
                  {labelOf(b.bedId)}
                </option>
              ))}
            </select>
          </label>
          <p className="review-hint">The patient&apos;s alarm limits and history go with them.</p>
          <button type="button" disabled={busy || target === ''} onClick={() => void run('census:transfer', { bedId, encounterId: encounter.encounterId, toBedId: target })} data-testid="patient-transfer-confirm">
            {busy ? 'Saving…' : 'Transfer'}
          </button>
          <button type="button" onClick={() => setMode('view')} disabled={busy}>
            Cancel
          </button>
        </div>
      )}
      {mode === 'discharge' && encounter && (
        <div className="patient-confirm" data-testid="patient-discharge-form">
          <p>
            Discharge {nameOf(encounter)} from {bedLabel}? The bed keeps monitoring whatever is connected and shows &quot;No patient&quot;.
          </p>
          <button type="button" disabled={busy} onClick={() => void run('census:discharge', { bedId, encounterId: encounter.encounterId, confirmed: true })} data-testid="patient-discharge-confirm">
            {busy ? 'Saving…' : 'Discharge'}
          </button>
          <button type="button" onClick={() => setMode('view')} disabled={busy}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p className="review-error" role="alert" data-testid="patient-error">
          {error}
        </p>
      )}
    </section>
  );
}

function nameOf(encounter: CensusEncounter): string {
  return [encounter.patient.family, encounter.patient.given].filter((s) => s !== '').join(', ') || 'the patient';
}

function PatientRecord({ encounter }: { encounter: CensusEncounter }) {
  const p = encounter.patient;
  const by = encounter.admittedBy;
  const admittedBy = by.kind === 'user' ? by.userId : by.kind === 'feed' ? 'ADT feed' : 'simulator';
  return (
    <table className="review-table patient-record" data-testid="patient-record" data-encounter-id={encounter.encounterId}>
      <tbody>
        <tr>
          <th scope="row">Name</th>
          <td data-testid="patient-name">{nameOf(encounter)}</td>
        </tr>
        <tr>
          <th scope="row">Hospital number</th>
          <td data-testid="patient-mrn-value">
            {p.mrn.id}
            {p.mrn.type || p.mrn.authority ? <span className="review-hint"> {[p.mrn.type, p.mrn.authority].filter(Boolean).join(' · ')}</span> : null}
          </td>
        </tr>
        <tr>
          <th scope="row">Date of birth</th>
          <td>{p.dob ? `${p.dob} (${ageText(p.dob, Date.now()) ?? '?'})` : 'not known'}</td>
        </tr>
        <tr>
          <th scope="row">Sex</th>
          <td>{p.sex}</td>
        </tr>
        <tr>
          <th scope="row">Category</th>
          <td data-testid="patient-category-value">
            {CATEGORY_SHORT[p.category]}
            {encounter.categoryAssumed ? ' (assumed: no date of birth)' : ''}
          </td>
        </tr>
        <tr>
          <th scope="row">Admitted</th>
          <td>
            {formatLocalDateTime(encounter.admittedAt)} by {admittedBy}
          </td>
        </tr>
        {encounter.feedLocation && (
          <tr>
            <th scope="row">ADT location</th>
            <td>{encounter.feedLocation}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
