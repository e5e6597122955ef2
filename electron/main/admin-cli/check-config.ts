import { readFileSync } from 'node:fs';
import { StationConfigSchema } from '../../../shared/config/station-config';
import type { AdminIo } from './admin-io';
import { EXIT } from './exit-codes';

export interface ConfigIssue {
  /** Dotted field path (`feed.urls.0`), or `(root)` / `(file)`. */
  path: string;
  message: string;
}

/** Every problem with a config file's text, each with its field path; [] when the station would accept it. */
export function configIssues(text: string): ConfigIssue[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }];
  }
  const result = StationConfigSchema.safeParse(json);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)', message: issue.message }));
}

/**
 * `vigil-station --check-config [file]`: the same validation the station
 * applies at start, with every error on its own line, named by field, so IT
 * can check a file before pushing it to a hundred machines. Exit 0 or 78.
 */
export function checkConfigFile(path: string, io: AdminIo): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    io.out(`${path}: cannot read (${reason})\n`);
    return EXIT.config;
  }
  const issues = configIssues(text);
  if (issues.length > 0) {
    io.out(`${path}: invalid, ${issues.length} error${issues.length === 1 ? '' : 's'}\n`);
    for (const issue of issues) io.out(`  ${issue.path}: ${issue.message}\n`);
    return EXIT.config;
  }
  const config = StationConfigSchema.parse(JSON.parse(text));
  const beds = config.feed.kind === 'simulator' ? config.feed.beds : (config.beds?.length ?? 0);
  const feed = config.feed.kind === 'simulator' ? 'the built-in simulator' : `the back end (${config.feed.urls.length} URL${config.feed.urls.length === 1 ? '' : 's'})`;
  io.out(`${path}: valid – station ${config.stationId}, unit "${config.unitName}", ${beds} beds from ${feed}${config.hl7 ? ', HL7 listener' : ''}, updates ${config.updates.enabled ? 'on' : 'off'}\n`);
  return EXIT.ok;
}
