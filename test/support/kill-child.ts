import { spawn } from 'node:child_process';

/**
 * Runs a TypeScript child (through tsx) until it prints a line `ready`, lets
 * it work for `ms`, then kills it with SIGKILL, as a power cut or the OOM
 * killer would. Resolves with the complete lines it printed (a line cut off
 * by the kill was never fully reported, so it does not count). A child that
 * exits by itself rejects, unless `mayFinish` (it then resolves the same way).
 */
export function runAndKill(script: string, args: string[], options: { cwd: string; ms: number; mayFinish?: boolean }): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), options.ms);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && !(options.mayFinish && code === 0)) return reject(new Error(`child exited by itself (code ${code}): ${err}`));
      resolvePromise(out.slice(0, out.lastIndexOf('\n') + 1).split('\n').filter(Boolean));
    });
  });
}
