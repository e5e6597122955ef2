import type { ConnectionDescription } from '../../../shared/domain/station-status';

export type { ConnectionDescription } from '../../../shared/domain/station-status';

/**
 * The one shape of everything that connects the station to the outside:
 * the back-end gateway client, the HL7 device listener and the ADT feed.
 *
 * - `start()` resolves once the connection is running or has failed in a
 *   way it reports itself (a port in use is `down` with the reason and a
 *   COMMS_LOST, never a thrown error that stops the station from starting);
 * - `stop(how)` releases everything and is idempotent; `how.goodbye` says
 *   the station is closing after an approved quit (a clinical quit or an
 *   admin's restart into an update), so a connection whose protocol has a
 *   goodbye (the back end's) says it: the other stations then show this one
 *   closed, not offline. Without it a connection just disconnects;
 * - `describe()` is what the admin status screen shows: state, why it is
 *   down, and operational facts (never patient data).
 *
 * createStation builds them from the config and hands them to the station,
 * which starts them once it can take what they push and stops them on close.
 */
export interface Connection {
  readonly name: string;
  start(): Promise<void>;
  stop(how?: ConnectionStop): Promise<void>;
  describe(): ConnectionDescription;
}

/** How the station is stopping its connections (Station.dispose). */
export interface ConnectionStop {
  goodbye: boolean;
}

/** What a connection may tell the station about itself (COMMS_LOST, audited both ways). */
export interface ConnectionReporter {
  reportConnection(name: string, up: boolean, reason?: string): void;
}
