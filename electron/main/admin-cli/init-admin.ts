import { join } from 'node:path';
import type { StationConfig } from '../../../shared/config/station-config';
import { AuditStore } from '../audit/audit-store';
import type { AuditWorkerEntry } from '../audit/worker-entry';
import { realFeedReason, removeTrainingAccounts, trainingAccountPolicy } from '../auth/training-accounts';
import { UserDirectory } from '../auth/user-directory';
import { UserFileStore } from '../auth/user-file-store';
import type { AdminIo } from './admin-io';
import { EXIT } from './exit-codes';

/**
 * Creates the first admin of a real deployment, and only while the station
 * has no users (UserDirectory refuses otherwise); everyone else is added by
 * that admin in the app, audited under their name. Writes the station's own
 * audit trail and user file, so the station must be stopped.
 *
 * For a configuration that refuses training accounts (a real feed), the
 * training accounts a simulated-unit run left in the data folder are removed
 * first, audited, exactly as the station would at its next start: they are
 * not users of a real unit, and would otherwise block the initial set-up.
 */
export async function initAdmin(
  request: { dataDir: string; keyDir: string; userId: string; displayName: string; badgeId: string | null; stationId: string; config: Pick<StationConfig, 'feed' | 'hl7' | 'adt'> },
  ctx: { io: AdminIo; projectRoot: string; workerEntry: AuditWorkerEntry; hashCost?: number },
): Promise<number> {
  // The secret is read before anything is opened: a missing pipe fails without touching the trail.
  const secret = (await ctx.io.readStdin()).replace(/\r?\n$/, '');
  const audit = await AuditStore.open({
    file: join(request.dataDir, 'audit.sqlite'),
    // A new chain made here is this station's, so its genesis row names the configured station.
    stationId: request.stationId,
    projectRoot: ctx.projectRoot,
    workerEntry: ctx.workerEntry,
    walCheckpointer: false,
    // Never into a database that does not continue the station's last signed head (a fresh chain
    // there would hide the loss); never a key of its own (the app seals the station's key).
    keyDir: request.keyDir,
    createKey: false,
  });
  try {
    const users = new UserFileStore(join(request.dataDir, 'users.json'));
    const trainingAccounts = trainingAccountPolicy(request.config);
    if (trainingAccounts === 'refused') {
      const removed = await removeTrainingAccounts(users, audit, `${realFeedReason(request.config)} (--init-admin)`);
      if (removed.length > 0) ctx.io.err(`removed the training accounts (${removed.join(', ')}): this configuration is a real unit\n`);
    }
    const directory = await UserDirectory.open(users, { audit, trainingAccounts, ...(ctx.hashCost ? { hashCost: ctx.hashCost } : {}) });
    const admin = await directory.addUser({ userId: request.userId, displayName: request.displayName, role: 'admin', badgeId: request.badgeId, secret }, 'initial-setup');
    ctx.io.out(`created admin ${admin.userId} in ${request.dataDir}; add the other users from the app, signed in as ${admin.userId}\n`);
    return EXIT.ok;
  } finally {
    await audit.close();
  }
}

/** The users in a data folder (no secrets, no hashes). */
export async function listUsers(dataDir: string, io: AdminIo): Promise<number> {
  for (const user of await new UserFileStore(join(dataDir, 'users.json')).load()) {
    io.out(`${user.userId}\t${user.role}\t${user.disabled ? 'disabled' : 'active'}\t${user.displayName}\n`);
  }
  return EXIT.ok;
}
