/** Audit rows are kept at least this many calendar years (typical hospital record-keeping rules). */
export const DEFAULT_RETENTION_YEARS = 7;

/** Rows with utc_ms before this instant are past retention (calendar years, so leap days never shorten it). */
export function retentionCutoffUtc(nowUtc: number, years: number): number {
  const cutoff = new Date(nowUtc);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - Math.max(0, Math.floor(years)));
  return cutoff.getTime();
}
