import { rename } from 'node:fs/promises';
import { describeIssues } from '../../../shared/validation';
import { systemClock, type Clock } from '../time/clock';
import { readJsonFile, writeJsonAtomically } from '../storage/atomic-json-file';
import { CensusFileSchema, type CensusFile } from './census-state';

/**
 * Where the census survives a restart: one JSON file in the data folder
 * (`census.json`), replaced atomically after every change.
 *
 * Why a file and not a table: the census is small (≤ 64 beds, a month of
 * ended encounters), changes a few times an hour, and is read whole at
 * start; the main thread never runs SQL (architecture notes), and the audit
 * trail – not this file – is the record of every change. An atomic rename
 * gives "old or new, never half" across a crash, which is all the census
 * needs; a change is on disk before the feed hears AA.
 *
 * An unreadable file is never taken for an empty census (that would show
 * every bed "No patient"): it is moved aside, kept for IT, and the census
 * starts with every bed "patient unknown".
 */
export interface CensusPersistence {
  /** null: no census yet (a new station). Throws CensusFileUnreadable for a damaged one. */
  load(): Promise<CensusFile | null>;
  save(file: CensusFile): Promise<void>;
  /** Moves a damaged file out of the way (so the next save cannot overwrite the evidence); returns where to. */
  setAside(reason: string): Promise<string | null>;
}

export class CensusFileUnreadable extends Error {
  override name = 'CensusFileUnreadable';
}

export class CensusFileStore implements CensusPersistence {
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly stationId: string,
    /** Only to date a file set aside (a name IT reads): wall clock. */
    private readonly clock: Pick<Clock, 'wall'> = systemClock,
  ) {}

  async load(): Promise<CensusFile | null> {
    let json: unknown;
    try {
      json = await readJsonFile(this.file);
    } catch (error) {
      throw new CensusFileUnreadable((error as Error).message.includes('not valid JSON') ? 'the census file is not valid JSON' : 'the census file cannot be read');
    }
    if (json === null) return null;
    const parsed = CensusFileSchema.safeParse(json);
    // The reason names fields only: the file holds patient data, and this text is logged.
    if (!parsed.success) throw new CensusFileUnreadable(`the census file is invalid: ${describeIssues(parsed.error).slice(0, 200)}`);
    if (parsed.data.stationId !== this.stationId) throw new CensusFileUnreadable('the census file belongs to another station');
    return parsed.data;
  }

  save(file: CensusFile): Promise<void> {
    const run = this.saving.then(() => writeJsonAtomically(this.file, file));
    this.saving = run.catch(() => undefined);
    return run;
  }

  async setAside(reason: string): Promise<string | null> {
    const stamp = new Date(this.clock.wall()).toISOString().replace(/[:.]/g, '-');
    const target = `${this.file}.${reason}-${stamp}`;
    try {
      await rename(this.file, target);
      return target;
    } catch {
      return null;
    }
  }
}

/** For a station without a data folder of its own (tests): the census lives and dies with the process. */
export class MemoryCensusStore implements CensusPersistence {
  saved: CensusFile | null = null;
  saves = 0;
  failWith: Error | null = null;

  load(): Promise<CensusFile | null> {
    return Promise.resolve(this.saved === null ? null : structuredClone(this.saved));
  }

  save(file: CensusFile): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.saved = structuredClone(file);
    this.saves++;
    return Promise.resolve();
  }

  setAside(): Promise<string | null> {
    this.saved = null;
    return Promise.resolve(null);
  }
}
