import { useAlarmStore } from '../store/alarm-store';

/**
 * Unit-wide: the station has lost a connection its beds depend on
 * (COMMS_LOST). The alarm itself is in the alarm bar and sounds; this banner
 * says what it means for everything on the wall. It overlays the top of the
 * wall rather than pushing it down, so showing it never resizes the traces.
 * Worse still is this view losing the station itself (its heartbeat goes
 * unanswered): then this screen says so, and sounds, on its own. A missed
 * alarm update says so too until the list has been reloaded (the
 * annunciator treats one that is not reloaded in time as a lost link).
 */
export function ConnectionBanner() {
  const lost = useAlarmStore((s) => s.alarms.find((a) => a.code === 'COMMS_LOST' && a.state !== 'resolved') ?? null);
  const stationLinkLost = useAlarmStore((s) => s.linkLost);
  const alarmsInSync = useAlarmStore((s) => s.alarmsInSync);
  if (stationLinkLost) {
    return (
      <div className="connection-banner" role="alert" data-testid="station-link-banner">
        <span aria-hidden="true">⚠</span> NO CONNECTION TO THE STATION: nothing on this screen is current, and new alarms cannot reach it.
      </div>
    );
  }
  if (!alarmsInSync) {
    // A missed alarm update: this copy of the list cannot be proven current until it is fetched again.
    return (
      <div className="connection-banner" role="alert" data-testid="alarms-not-current-banner">
        <span aria-hidden="true">⚠</span> ALARM LIST NOT CURRENT: an update was missed and the list is being reloaded from the station.
      </div>
    );
  }
  if (!lost) return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      <span aria-hidden="true">⚠</span> {lost.message.toUpperCase()}: data from the affected beds is not current and their tiles show NO DATA.
      Alarms this station detects itself still work.
    </div>
  );
}
