import { useState } from 'react';
import { useAlarmStore } from '../store/alarm-store';
import { usePanelStore } from '../store/panel-store';
import { useUnitStore } from '../store/unit-store';
import { ReviewDialog } from '../review/ReviewDialog';
import { AlarmHistory } from './AlarmHistory';
import { BedLimits } from './BedLimits';
import { dockSideForBed } from './dock-side';
import { OtherGroupBed } from './OtherGroupBed';
import { PatientSection } from './PatientSection';
import { patientLabel } from '../wall/patient-label';

/**
 * One bed: its patient (admitted, corrected, moved, discharged by a charge
 * nurse), its alarm limits (changeable by a charge nurse, with a
 * confirmation step) and its alarm history (the patient's, across beds, or
 * the bed's). A drawer on the side away from the bed's tile, so that bed and
 * most of the wall stay in view and keep updating. A bed of another care
 * group also shows what its tile would.
 */
export function BedDetail({ bedId }: { bedId: string }) {
  const bed = useUnitStore((s) => s.unit?.beds.find((b) => b.bedId === bedId));
  const permissions = useAlarmStore((s) => s.session?.permissions);
  const close = usePanelStore((s) => s.close);
  const canChange = permissions?.includes('limit-change') ?? false;
  const canReviewHistory = permissions?.includes('review-history') ?? false;
  const canReviewDisclosure = permissions?.includes('review-disclosure') ?? false;
  const openDisclosure = usePanelStore((s) => s.openDisclosure);
  const [side] = useState(() => dockSideForBed(bedId));
  const display = useUnitStore((s) => s.census[bedId]);
  const patient = patientLabel(display);

  return (
    <ReviewDialog
      title={
        <>
          {bed?.label ?? bedId} <span className="bed-detail-alias">{patient.name}{patient.detail ? ` · ${patient.detail}` : ''}</span>
        </>
      }
      variant={side === 'left' ? 'drawer-left' : 'drawer-right'}
      testId="bed-detail"
      onClose={close}
    >
      <OtherGroupBed bedId={bedId} />
      <PatientSection bedId={bedId} bedLabel={bed?.label ?? bedId} />
      {canReviewDisclosure && (
        <section className="bed-section bed-disclosure-links">
          <button type="button" onClick={() => openDisclosure(bedId, 'trends')} data-testid="open-trends">
            Trends
          </button>
          <button type="button" onClick={() => openDisclosure(bedId, 'strip')} data-testid="open-full-disclosure">
            Full disclosure
          </button>
        </section>
      )}
      {/* A new patient means new limits (reset on admission): read them again. */}
      <BedLimits key={`limits-${display?.encounterId ?? 'none'}`} bedId={bedId} bedLabel={bed?.label ?? bedId} canChange={canChange} />
      {canReviewHistory ? (
        <AlarmHistory
          key={`history-${display?.encounterId ?? 'none'}`}
          bedId={bedId}
          encounterId={display?.encounterId ?? null}
          onOpenStrip={canReviewDisclosure ? (alarmId, alarmBed) => openDisclosure(alarmBed, 'strip', { alarmId }) : undefined}
        />
      ) : (
        <section className="bed-section">
          <h3>Alarm history</h3>
          <p className="review-hint" data-testid="history-sign-in">
            Sign in to see this bed&apos;s alarm history.
          </p>
        </section>
      )}
    </ReviewDialog>
  );
}
