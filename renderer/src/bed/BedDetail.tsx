import { useState } from 'react';
import { useAlarmStore } from '../store/alarm-store';
import { usePanelStore } from '../store/panel-store';
import { useUnitStore } from '../store/unit-store';
import { ReviewDialog } from '../review/ReviewDialog';
import { AlarmHistory } from './AlarmHistory';
import { BedLimits } from './BedLimits';
import { dockSideForBed } from './dock-side';

/**
 * One bed: its alarm limits (changeable by a charge nurse, with a
 * confirmation step) and its alarm history. A drawer on the side away from
 * the bed's tile, so that bed and most of the wall stay in view and keep
 * updating.
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

  return (
    <ReviewDialog
      title={
        <>
          {bed?.label ?? bedId} <span className="bed-detail-alias">{bed?.patient?.alias ?? ''}</span>
        </>
      }
      variant={side === 'left' ? 'drawer-left' : 'drawer-right'}
      testId="bed-detail"
      onClose={close}
    >
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
      <BedLimits bedId={bedId} bedLabel={bed?.label ?? bedId} canChange={canChange} />
      {canReviewHistory ? (
        <AlarmHistory bedId={bedId} onOpenStrip={canReviewDisclosure ? (alarmId) => openDisclosure(bedId, 'strip', { alarmId }) : undefined} />
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
