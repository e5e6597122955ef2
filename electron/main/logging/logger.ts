/**
 * Structured app log to stderr (the Electron layer may redirect it to a file).
 * Only operational facts go here: counts, codes, bed ids, reasons. Never patient
 * aliases, references or measured values – those belong in the audit store,
 * which is access-controlled, not in a log file IT copies around.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  scope: string,
  options: { minLevel?: LogLevel; write?: (line: string) => void } = {},
): Logger {
  const min = ORDER[options.minLevel ?? ((process.env.VIGIL_LOG_LEVEL as LogLevel | undefined) ?? 'info')] ?? ORDER.info;
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: LogLevel, event: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    write(JSON.stringify({ t: new Date().toISOString(), level, scope, event, ...fields }));
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
  };
}

/** For tests and embedding: drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
