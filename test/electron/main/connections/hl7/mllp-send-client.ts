import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, type TestContext } from 'vitest';

/**
 * `mllp_send` from Debian's python3-hl7 (python-hl7 0.4.x), an HL7 client
 * independent of ours: it reads messages separated by 0x1C from a file,
 * sends each in an MLLP frame, waits for the answer and prints it. CI
 * installs the package; where it is missing the tests skip and say why.
 */
export const MLLP_SEND = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v mllp_send'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();
const SKIP_REASON = 'mllp_send not found: install Debian package python3-hl7 (apt-get install python3-hl7) to run this end-to-end test';

const dir = mkdtempSync(join(tmpdir(), 'vigil-mllp-send-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let streams = 0;

/** Skips the test (saying why) when mllp_send is not installed; true when it skipped. */
export function skipWithoutMllpSend(ctx: TestContext, suite: string): boolean {
  if (MLLP_SEND !== null) return false;
  console.warn(`[${suite} e2e] ${SKIP_REASON}`);
  ctx.skip(SKIP_REASON);
  return true;
}

/** Sends the messages in order on one connection; resolves with what mllp_send printed. */
export function mllpSend(port: number, messages: Buffer[]): Promise<string> {
  const file = join(dir, `stream-${port}-${++streams}.hl7`);
  // mllp_send's stream format: messages separated (and terminated) by 0x1C.
  writeFileSync(file, Buffer.concat(messages.flatMap((m) => [m, Buffer.from([0x1c])])));
  return new Promise((resolve, reject) => {
    // Async on purpose: the listener runs on this process's event loop.
    execFile(MLLP_SEND!, ['-p', String(port), '-f', file, '127.0.0.1'], { timeout: 30_000, encoding: 'latin1' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`mllp_send failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** MSA-1, MSA-2 and MSA-3 of every ACK mllp_send printed, in order. */
export function acksPrinted(stdout: string): Array<{ code: string; controlId: string; text: string }> {
  return [...stdout.matchAll(/MSA\|(AA|AE|AR)\|([^|\r\n\x1c]*)(?:\|([^|\r\n\x1c]*))?/g)].map((m) => ({ code: m[1]!, controlId: m[2]!, text: m[3] ?? '' }));
}
