import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface GatewayProcess {
  url: string;
  port: number;
  /** Date.now() when the process reported it was listening. */
  listeningAt: number;
  child: ChildProcess;
  /** stderr so far (JSON log lines), for diagnosing a failure. */
  log(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the real gateway CLI (`npm run gateway` without npm in between) as a
 * child process and resolves once it prints its listening line.
 */
export function startGatewayProcess(args: Record<string, string | number>, timeoutMs = 20_000): Promise<GatewayProcess> {
  const argv = Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)]);
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/cli.ts', ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway did not start within ${timeoutMs} ms: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /vigil-gateway listening (\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      const url = match[1]!;
      resolvePromise({
        url,
        port: Number(new URL(url).port),
        listeningAt: Date.now(),
        child,
        log: () => stderr,
        kill: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${code}) before listening: ${stderr.slice(-2000)}`));
    });
  });
}
