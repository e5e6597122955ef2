import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StationConfigSchema } from '../../../../../shared/config/station-config';
import { ReferenceGateway } from '../../../../../gateway/reference-gateway';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../../../electron/main/connections/gateway/reconnect-backoff';
import { tempDir } from '../../audit/audit-test-kit';
import { connectStation, TOKEN, unitBeds, until, type ConnectedStation } from './gateway-test-kit';

async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A throwaway hospital CA and a server certificate for 127.0.0.1 signed by it. */
function makeCertificates(): { caFile: string; cert: string; key: string; otherCaFile: string } {
  const dir = tempDir('vigil-tls-');
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  for (const name of ['ca', 'other-ca']) {
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=Test ${name}`);
  }
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  return { caFile: join(dir, 'ca.pem'), otherCaFile: join(dir, 'other-ca.pem'), cert: readFileSync(join(dir, 'server.pem'), 'utf8'), key: readFileSync(join(dir, 'server.key'), 'utf8') };
}

describe('gateway feed: failover, TLS, backoff, config', () => {
  let gateway: ReferenceGateway | null = null;
  const stations: ConnectedStation[] = [];
  afterEach(async () => {
    await Promise.all(stations.splice(0).map((s) => s.close()));
    await gateway?.close();
    gateway = null;
  });

  it('fails over to the next gateway url when the first does not answer', async () => {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 2 });
    const dead = await deadUrl();
    const s = await connectStation({ urls: [dead, gateway.url], stationId: 'icu-a' });
    stations.push(s);
    const resynced = await until(() => s.events.find((e) => e.type === 'resynced'), 5_000);
    expect(resynced).toMatchObject({ url: gateway.url });
    expect(s.events.find((e) => e.type === 'attempt-failed')).toMatchObject({ url: dead });
  });

  it.skipIf(!hasOpenssl())('connects over TLS with the hospital CA bundle, and refuses a server the bundle does not vouch for', async () => {
    const certs = makeCertificates();
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 2, tls: { cert: certs.cert, key: certs.key } });
    expect(gateway.url.startsWith('https://')).toBe(true);
    const ok = await connectStation({ urls: [gateway.url.replace('https', 'wss')], stationId: 'icu-a', caFileForTests: certs.caFile });
    stations.push(ok);
    await until(() => ok.events.find((e) => e.type === 'resynced'), 5_000, 'resynced over TLS');
    const wrongCa = await connectStation({ urls: [gateway.url], stationId: 'icu-b', caFileForTests: certs.otherCaFile });
    stations.push(wrongCa);
    const failed = await until(() => wrongCa.events.find((e) => e.type === 'attempt-failed'), 5_000);
    expect(failed.type === 'attempt-failed' && failed.reason).toMatch(/^unreachable/);
    expect(wrongCa.feed.status().synced).toBe(false);
  });

  it('backs off exponentially with jitter, never beyond 10 s', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect(backoffDelay(0, DEFAULT_BACKOFF, low)).toBe(125);
    expect(backoffDelay(0, DEFAULT_BACKOFF, high)).toBe(250);
    expect(backoffDelay(3, DEFAULT_BACKOFF, high)).toBe(2000);
    for (const round of [6, 7, 20, 1000]) {
      expect(backoffDelay(round, DEFAULT_BACKOFF, high)).toBeLessThanOrEqual(10_000);
      expect(backoffDelay(round, DEFAULT_BACKOFF, low)).toBe(5_000);
    }
  });

  it('the gateway feed config needs the bed list, urls and a token; a CA file is optional', () => {
    const feed = { kind: 'gateway', urls: ['https://gw-1.icu.example:4810', 'wss://gw-2.icu.example'], token: 'a-long-station-token', caFile: '/etc/vigil-station/hospital-ca.pem' };
    expect(StationConfigSchema.safeParse({ feed }).error?.issues[0]?.path).toEqual(['beds']);
    const ok = StationConfigSchema.parse({ feed, beds: unitBeds(2) });
    expect(ok.feed).toMatchObject({ kind: 'gateway', heartbeatMs: 1000, connectTimeoutMs: 3000 });
    expect(StationConfigSchema.safeParse({ feed: { ...feed, urls: [] }, beds: unitBeds(2) }).success).toBe(false);
    expect(StationConfigSchema.safeParse({ feed: { ...feed, urls: ['ftp://x'] }, beds: unitBeds(2) }).success).toBe(false);
    expect(StationConfigSchema.safeParse({ feed: { ...feed, token: 'short' }, beds: unitBeds(2) }).success).toBe(false);
    expect(StationConfigSchema.safeParse({ feed: { ...feed, extra: 1 }, beds: unitBeds(2) }).success).toBe(false);
    expect(StationConfigSchema.safeParse({ feed, beds: [...unitBeds(2), unitBeds(1)[0]] }).success).toBe(false);
  });
});
