import { resolve } from 'node:path';
import { StationConfigSchema, type StationConfigInput } from '../../../../shared/config/station-config';
import type { AuditAction } from '../../../../shared/audit/audit-actions';
import { MIN_SCRYPT_COST } from '../../../../electron/main/auth/password-hash';
import { closeStation, createStation, type CreateStationOptions } from '../../../../electron/main/station/create-station';
import type { Station } from '../../../../electron/main/station/station';
import { auditWorkerEntryForTests } from '../audit/audit-worker-entry-for-tests';

const ROOT = resolve(__dirname, '../../../..');

/** A station built the way the app builds it (createStation), on a data folder a test chooses. */
export function startCreatedStation(config: StationConfigInput, dataDir: string, options: Partial<CreateStationOptions> = {}): Promise<Station> {
  return createStation(StationConfigSchema.parse(config), {
    wallMode: false,
    dataDir,
    projectRoot: ROOT,
    auditWorker: auditWorkerEntryForTests(),
    hashCost: MIN_SCRYPT_COST,
    ...options,
  });
}

export { closeStation };

/** The details (parsed) of every committed row with this action, oldest first. */
export async function auditDetails(station: Station, action: AuditAction): Promise<Array<Record<string, unknown> & { actor: string }>> {
  await station.audit.flush();
  const page = await station.audit.query({ action, limit: 1000, order: 'oldest-first' });
  return page.rows.map((r) => ({ ...(JSON.parse(r.details) as Record<string, unknown>), actor: r.userId }));
}

/** A view that records nothing (sign-in needs one). */
export function attachQuietView(station: Station, label?: string): string {
  return station.attach({ event: () => undefined, waveformFrame: () => undefined, ...(label ? { label } : {}) }).viewId;
}
