import { useState } from 'react';
import { ReviewDialog } from '../review/ReviewDialog';
import { usePanelStore, type DisclosureTarget } from '../store/panel-store';
import { useUnitStore } from '../store/unit-store';
import { StripView } from './StripView';
import { TrendsView } from './TrendsView';

/**
 * A bed's full-disclosure record: trends and the waveform strip. Read-only:
 * nothing here changes the live wall, and the alarm bar above stays live
 * and sounding while it is open (the panel sits below it, like every
 * review screen).
 */
export function DisclosureReview({ bedId, view, target }: { bedId: string; view: 'trends' | 'strip'; target: DisclosureTarget }) {
  const bed = useUnitStore((s) => s.unit?.beds.find((b) => b.bedId === bedId));
  const close = usePanelStore((s) => s.close);
  const [shown, setShown] = useState<{ view: 'trends' | 'strip'; target: DisclosureTarget; seq: number }>({ view, target, seq: 0 });
  const label = bed?.label ?? bedId;
  return (
    <ReviewDialog
      title={<>{label} · full disclosure</>}
      variant="full"
      testId="disclosure-review"
      onClose={close}
      headerExtra={
        <div className="disclosure-tabs">
          <button type="button" aria-pressed={shown.view === 'trends'} onClick={() => setShown((s) => ({ view: 'trends', target: null, seq: s.seq + 1 }))} data-testid="tab-trends">
            Trends
          </button>
          <button type="button" aria-pressed={shown.view === 'strip'} onClick={() => setShown((s) => ({ view: 'strip', target: null, seq: s.seq + 1 }))} data-testid="tab-strip">
            Waveforms
          </button>
        </div>
      }
    >
      {shown.view === 'trends' ? (
        <TrendsView bedId={bedId} onOpenStrip={(at) => setShown((s) => ({ view: 'strip', target: { at }, seq: s.seq + 1 }))} />
      ) : (
        <StripView key={shown.seq} bedId={bedId} target={shown.target} />
      )}
    </ReviewDialog>
  );
}
