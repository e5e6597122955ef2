import { z } from 'zod';
import { PatientDisplayModeSchema, type PatientDisplayMode } from '../../../shared/domain/patient';
import { AlarmActionRefused } from '../alarms/alarm-action-refused';
import type { Operator } from '../auth/operator';
import { hasPermission } from '../auth/permissions';
import { silentLogger, type Logger } from '../logging/logger';
import type { StationAuditTrail } from '../station/station-audit';
import { readJsonFile, writeJsonAtomically } from '../storage/atomic-json-file';

/**
 * How this station's tiles name their patients. The config sets it
 * (`patientDisplay`; default initials + hospital-number tail on a wall,
 * the full name at a workstation); an admin may change it at the station.
 * The change is audited durably, saved in the data folder (so a restart
 * keeps what the admin chose) and only then applied.
 */
const DisplaySettingFileSchema = z.object({ version: z.literal(1), patientDisplay: PatientDisplayModeSchema }).strict();

export function defaultPatientDisplay(configured: PatientDisplayMode | undefined, wallMode: boolean): PatientDisplayMode {
  return configured ?? (wallMode ? 'initials-mrn' : 'full-name');
}

export class PatientDisplaySetting {
  private current: PatientDisplayMode;
  private readonly listeners = new Set<(mode: PatientDisplayMode) => void>();
  private changes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: { configured: PatientDisplayMode; file: string | null; audit: Pick<StationAuditTrail, 'recordClinical'>; logger?: Logger },
  ) {
    this.current = options.configured;
  }

  get mode(): PatientDisplayMode {
    return this.current;
  }

  /** Reads what an admin chose before a restart; a damaged file keeps the configured mode (and says so in the log). */
  async load(): Promise<void> {
    if (this.options.file === null) return;
    const log = this.options.logger ?? silentLogger;
    try {
      const parsed = DisplaySettingFileSchema.safeParse(await readJsonFile(this.options.file));
      if (parsed.success) this.current = parsed.data.patientDisplay;
    } catch (error) {
      log.error('display-setting.unreadable', { reason: (error as Error).message.slice(0, 200) });
    }
  }

  set(mode: PatientDisplayMode, by: Operator): Promise<PatientDisplayMode> {
    if (!hasPermission(by.role, 'configure') || by.permission !== 'configure') throw new AlarmActionRefused('not-permitted', `${by.role} is not authorised to configure the station`);
    const run = this.changes.then(async () => {
      const before = this.current;
      if (before === mode) return mode;
      await this.options.audit
        .recordClinical({ action: 'config.changed', actor: { userId: by.userId, role: by.role }, details: { setting: 'patient_display', before, after: mode } })
        .catch((error: Error) => {
          throw new AlarmActionRefused('audit-failed', `not done: the audit trail could not record it (${error.message})`);
        });
      if (this.options.file !== null) await writeJsonAtomically(this.options.file, { version: 1, patientDisplay: mode });
      this.current = mode;
      for (const listener of this.listeners) listener(mode);
      return mode;
    });
    this.changes = run.catch(() => undefined);
    return run;
  }

  onChange(listener: (mode: PatientDisplayMode) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
