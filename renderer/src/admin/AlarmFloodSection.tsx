import type { AlarmFloodStatus } from '../../../shared/domain/station-status';

/**
 * Device alarm flood control for IT: which beds' devices send more than
 * their budget (throttled, with ALARM_FLOOD on the bed), how many alarms
 * were merged as repeats, delayed or discarded (never a HIGH), and how
 * close the station is to its bound of open alarms (ALARM_CAPACITY).
 */
export function AlarmFloodSection({ flood }: { flood: AlarmFloodStatus }) {
  const full = flood.openDeviceAlarms >= flood.maxOpen;
  return (
    <section className="admin-section admin-section--wide" data-testid="admin-alarm-flood">
      <h3>Device alarms</h3>
      <table className="review-table">
        <tbody>
          <tr>
            <th scope="row">Open (bound {flood.maxOpen}, {flood.maxOpenPerBed} per bed)</th>
            <td className={full ? 'status-bad' : undefined} data-testid="admin-alarm-open">
              {flood.openDeviceAlarms}
            </td>
          </tr>
          <tr>
            <th scope="row">Repeats merged</th>
            <td data-testid="admin-alarm-merged">{flood.merged}</td>
          </tr>
          <tr>
            <th scope="row">Delayed (bed flooding or no room) / waiting now</th>
            <td data-testid="admin-alarm-delayed">
              {flood.delayed} / {flood.waiting}
            </td>
          </tr>
          <tr>
            <th scope="row">Discarded (no room to wait; never HIGH)</th>
            <td className={flood.discarded > 0 ? 'status-bad' : undefined} data-testid="admin-alarm-discarded">
              {flood.discarded}
            </td>
          </tr>
        </tbody>
      </table>
      {flood.beds.length > 0 && (
        <table className="review-table" data-testid="admin-alarm-flood-beds">
          <thead>
            <tr>
              <th scope="col">Bed</th>
              <th scope="col">Now</th>
              <th scope="col" className="numeric-cell">Messages</th>
              <th scope="col" className="numeric-cell">Merged</th>
              <th scope="col" className="numeric-cell">Delayed</th>
              <th scope="col" className="numeric-cell">Waiting</th>
              <th scope="col" className="numeric-cell">Discarded</th>
              <th scope="col" className="numeric-cell">Open</th>
            </tr>
          </thead>
          <tbody>
            {flood.beds.map((b) => (
              <tr key={b.bedId} data-testid="admin-alarm-flood-bed" data-bed={b.bedId}>
                <td>{b.bedId}</td>
                <td className={b.throttled ? 'status-bad' : 'status-ok'}>{b.throttled ? 'THROTTLED' : 'ok'}</td>
                <td className="numeric-cell">{b.messages}</td>
                <td className="numeric-cell">{b.merged}</td>
                <td className="numeric-cell">{b.delayed}</td>
                <td className="numeric-cell">{b.waiting}</td>
                <td className="numeric-cell">{b.discarded}</td>
                <td className="numeric-cell">{b.open}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
