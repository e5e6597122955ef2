import { useUnitStore } from './store/unit-store';
import { Wall } from './wall/Wall';
import { UnitHeader } from './wall/UnitHeader';
import { AlarmBar } from './alarms/AlarmBar';
import { ConnectionBanner } from './alarms/ConnectionBanner';
import { OtherBedsStrip } from './alarms/OtherBedsStrip';
import { PanelHost } from './review/PanelHost';
import { SecurityNotices } from './security/SecurityNotices';

export function App({ apiAvailable }: { apiAvailable: boolean }) {
  const phase = useUnitStore((s) => s.phase);
  const failure = useUnitStore((s) => s.failure);
  const careGroup = useUnitStore((s) => s.unit?.careGroups.shown ?? null);
  if (!apiAvailable) return <FullScreenMessage text="Station API unavailable: this page must run inside Vigil Station." />;
  if (phase === 'failed') return <FullScreenMessage text={`Cannot reach the station: ${failure ?? 'unknown error'}`} />;
  if (phase === 'connecting') return <FullScreenMessage text="Connecting to the station…" />;
  return (
    <div className={careGroup === null ? 'station' : 'station station--care-group'} data-care-group={careGroup ?? ''}>
      <UnitHeader />
      <AlarmBar />
      <OtherBedsStrip />
      {/* Review screens open over the wall, below the alarm bar, which must stay in view. */}
      <div className="wall-area">
        <Wall />
        <ConnectionBanner />
        <PanelHost />
        <SecurityNotices />
      </div>
    </div>
  );
}

function FullScreenMessage({ text }: { text: string }) {
  return (
    <div className="fullscreen-message" role="alert">
      {text}
    </div>
  );
}
