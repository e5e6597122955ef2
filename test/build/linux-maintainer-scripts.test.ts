import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The deb/rpm after-install and after-remove scripts, rendered the way
 * electron-builder renders them (FpmTarget: every ${word} is a macro and an
 * unknown one fails the build) and run under bash against a scratch root.
 */
const ROOT = resolve(__dirname, '../..');
const MACROS: Record<string, string> = { executable: 'vigil-station', sanitizedProductName: 'Vigil Station', productFilename: 'Vigil Station' };

function render(file: string): string {
  const template = readFileSync(join(ROOT, 'build/linux', file), 'utf8');
  return template.replace(/\${([a-zA-Z]+)}/g, (_m, name: string) => {
    if (!(name in MACROS)) throw new Error(`Macro ${name} is not defined (electron-builder would fail the build)`);
    return MACROS[name]!;
  });
}

function scratchScript(file: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-pkgscript-')), file);
  writeFileSync(path, render(file));
  chmodSync(path, 0o755);
  return path;
}

const isRoot = userInfo().uid === 0;
const hasBash = spawnSync('bash', ['--version']).status === 0;

// Linux packaging scripts: run where a POSIX shell and file modes exist (not on Windows).
describe.skipIf(process.platform === 'win32')('Linux package maintainer scripts', () => {
  it.each(['after-install.sh', 'after-remove.sh'])('%s renders with electron-builder’s macros only and is valid bash', (file) => {
    const rendered = render(file);
    expect(rendered).toContain("'/opt/Vigil Station'");
    const check = spawnSync('bash', ['-n', '-c', rendered]);
    expect(check.stderr.toString()).toBe('');
    expect(check.status).toBe(0);
  });

  it.skipIf(!isRoot || !hasBash)('after-install creates /etc/vigil-station root-owned and /var/lib/vigil-station owned by the service user (needs root)', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-root-'));
    // An existing account stands in for vigil-station: the test never adds users to the machine it runs on.
    const user = 'nobody';
    const group = spawnSync('id', ['-gn', user]).stdout.toString().trim();
    const uid = Number(spawnSync('id', ['-u', user]).stdout.toString());
    const gid = Number(spawnSync('id', ['-g', user]).stdout.toString());
    const env = { ...process.env, VIGIL_INSTALL_ROOT: root, VIGIL_SERVICE_USER: user, VIGIL_SERVICE_GROUP: group };
    const script = scratchScript('after-install.sh');
    for (let run = 0; run < 2; run++) {
      // Twice: an upgrade runs it again over what the first install made.
      const result = spawnSync('bash', [script, 'configure'], { env });
      expect(result.stderr.toString()).toBe('');
      expect(result.status).toBe(0);
    }
    const etc = statSync(join(root, 'etc/vigil-station'));
    expect({ uid: etc.uid, gid: etc.gid, mode: (etc.mode & 0o7777).toString(8) }).toEqual({ uid: 0, gid, mode: '750' });
    const data = statSync(join(root, 'var/lib/vigil-station'));
    expect({ uid: data.uid, gid: data.gid, mode: (data.mode & 0o7777).toString(8) }).toEqual({ uid, gid, mode: '2770' });
    // The audit trail's default folders beside dataDir, which the station could not make in /var/lib itself.
    const journal = statSync(join(root, 'var/lib/vigil-station-audit-journal'));
    expect({ uid: journal.uid, gid: journal.gid, mode: (journal.mode & 0o7777).toString(8) }).toEqual({ uid, gid, mode: '2770' });
    const key = statSync(join(root, 'var/lib/vigil-station-audit-key'));
    expect({ uid: key.uid, gid: key.gid, mode: (key.mode & 0o7777).toString(8) }).toEqual({ uid, gid, mode: '700' });
  });

  it.skipIf(!isRoot || !hasBash)('an upgrade leaves the key folder to the account IT gave it (needs root)', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-root-'));
    const group = spawnSync('id', ['-gn', 'nobody']).stdout.toString().trim();
    const env = { ...process.env, VIGIL_INSTALL_ROOT: root, VIGIL_SERVICE_USER: 'nobody', VIGIL_SERVICE_GROUP: group };
    const script = scratchScript('after-install.sh');
    expect(spawnSync('bash', [script, 'configure'], { env }).status).toBe(0);
    // IT hands the key folder to the account that runs the station (root stands in for it here).
    const keyDir = join(root, 'var/lib/vigil-station-audit-key');
    chownSync(keyDir, 0, 0);
    expect(spawnSync('bash', [script, 'configure'], { env }).status).toBe(0);
    const key = statSync(keyDir);
    expect({ uid: key.uid, mode: (key.mode & 0o7777).toString(8) }).toEqual({ uid: 0, mode: '700' });
  });

  it.skipIf(!hasBash)('after-install creates a system account with no login shell when it is missing', () => {
    // Stand-ins for the account tools record what the script asks for.
    const bin = mkdtempSync(join(tmpdir(), 'vigil-bin-'));
    const calls = join(bin, 'calls.log');
    const tool = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/bash\necho "${name} $*" >> '${calls}'\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    tool('getent', 'exit 2'); // nobody and no group of that name exist
    tool('groupadd', 'exit 0');
    tool('useradd', 'exit 0');
    tool('chown', 'exit 0');
    const root = mkdtempSync(join(tmpdir(), 'vigil-root-'));
    const result = spawnSync('bash', [scratchScript('after-install.sh'), 'configure'], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, VIGIL_INSTALL_ROOT: root } });
    expect(result.status).toBe(0);
    const log = readFileSync(calls, 'utf8');
    expect(log).toContain('groupadd --system vigil-station');
    expect(log).toMatch(/useradd --system --gid vigil-station --home-dir \/var\/lib\/vigil-station --no-create-home --shell \S*(nologin|false) --comment Vigil Station vigil-station/);
    expect(log).toContain(`chown root:vigil-station ${root}/etc/vigil-station`);
    expect(log).toContain(`chown vigil-station:vigil-station ${root}/var/lib/vigil-station`);
    expect(log).toContain(`chown vigil-station:vigil-station ${root}/var/lib/vigil-station-audit-journal`);
    expect(log).toContain(`chown vigil-station:vigil-station ${root}/var/lib/vigil-station-audit-key`);
  });

  it.skipIf(!hasBash)('after-remove does nothing during an upgrade (deb "upgrade", rpm "1"), so it cannot break the version just installed', () => {
    const script = scratchScript('after-remove.sh');
    for (const arg of ['upgrade', 'failed-upgrade', '1', '2']) {
      const traced = spawnSync('bash', ['-x', script, arg]);
      expect(traced.status, arg).toBe(0);
      expect(traced.stderr.toString(), arg).not.toMatch(/update-alternatives|rm -f/);
    }
    // On a real removal it removes the command link (here without root: the removal itself may fail, the intent shows).
    expect(spawnSync('/bin/bash', ['-x', script, 'remove'], { env: { ...process.env, PATH: '/nonexistent' } }).stderr.toString()).toMatch(/rm -f \/usr\/bin\/vigil-station/);
  });
});
