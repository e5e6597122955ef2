import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PKI made at test time with openssl (no private key is ever
 * committed): a "hospital CA", a server certificate for 127.0.0.1/localhost
 * signed by it, a client certificate signed by it, and, for the attacks, a
 * second CA with a client certificate of its own and a self-signed client
 * certificate with the good client's name. EC P-256 keys: fast to make.
 */
export interface TestPki {
  dir: string;
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  client: { cert: string; key: string };
  /** Signed by another CA. */
  foreignClient: { cert: string; key: string };
  /** Self-signed, same subject as `client`. */
  selfSignedClient: { cert: string; key: string };
  ca: string;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const ca of ['ca', 'foreign-ca']) run('req', '-x509', ...newKey, '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '2', '-subj', `/CN=Test ${ca}`);
  writeFileSync(join(dir, 'server.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.cnf'), 'extendedKeyUsage=clientAuth\n');
  const issue = (name: string, subject: string, ca: string, ext: string) => {
    run('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', ext);
  };
  issue('server', '/CN=127.0.0.1', 'ca', 'server.cnf');
  issue('client', '/CN=monitor-gateway-1', 'ca', 'client.cnf');
  issue('foreign-client', '/CN=monitor-gateway-1', 'foreign-ca', 'client.cnf');
  run('req', '-x509', ...newKey, '-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=monitor-gateway-1');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    serverCertFile: join(dir, 'server.pem'),
    serverKeyFile: join(dir, 'server.key'),
    client: { cert: read('client.pem'), key: read('client.key') },
    foreignClient: { cert: read('foreign-client.pem'), key: read('foreign-client.key') },
    selfSignedClient: { cert: read('self.pem'), key: read('self.key') },
    ca: read('ca.pem'),
  };
}
