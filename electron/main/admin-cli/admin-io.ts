/**
 * What an administrative command may touch of the process it runs in. The
 * Electron layer and the npm scripts pass the real process; tests pass
 * buffers.
 */
export interface AdminIo {
  out(text: string): void;
  err(text: string): void;
  /** All of stdin (the password for --init-admin); rejects when stdin is a terminal. */
  readStdin(): Promise<string>;
}

export class AdminUsageError extends Error {
  override name = 'AdminUsageError';
}

export function processIo(proc: NodeJS.Process = process): AdminIo {
  return {
    out: (text) => void proc.stdout.write(text),
    err: (text) => void proc.stderr.write(text),
    readStdin: async () => {
      // Never a prompt or an argument: arguments end up in shell history and process lists.
      if (proc.stdin.isTTY) throw new AdminUsageError('pipe the password on stdin, e.g. printf \'%s\\n\' "$PW" | vigil-station --init-admin …');
      let text = '';
      for await (const chunk of proc.stdin) text += String(chunk);
      return text;
    },
  };
}
