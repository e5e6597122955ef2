import { useAlarmStore } from '../store/alarm-store';

/**
 * Unit-wide: the station has lost a connection its beds depend on
 * (COMMS_LOST). The alarm itself is in the alarm bar and sounds; this banner
 * says what it means for everything on the wall. It overlays the top of the
 * wall rather than pushing it down, so showing it never resizes the traces.
 */
export function ConnectionBanner() {
  const lost = useAlarmStore((s) => s.alarms.find((a) => a.code === 'COMMS_LOST' && a.state !== 'resolved') ?? null);
  if (!lost) return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      <span aria-hidden="true">⚠</span> {lost.message.toUpperCase()}: data from the affected beds is not current and their tiles show NO DATA.
      Alarms this station detects itself still work.
    </div>
  );
}
