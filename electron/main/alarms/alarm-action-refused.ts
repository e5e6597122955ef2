/**
 * Why an operator action was not done. The promise of the action rejects
 * with this error; the IPC layer passes the message to the view. In every
 * case the alarm state is unchanged.
 */
export type AlarmRefusalReason =
  | 'unknown-alarm'
  | 'already-acknowledged'
  | 'not-permitted'
  | 'invalid-request'
  | 'unknown-bed'
  | 'unknown-profile'
  | 'audit-failed';

export class AlarmActionRefused extends Error {
  override name = 'AlarmActionRefused';

  constructor(
    readonly reason: AlarmRefusalReason,
    message: string,
  ) {
    super(message);
  }
}
