import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PATH } from './bridge-protocol';
import { startStationHost, type StationHost } from './station-host';

/** The test host is also `npm run dev:browser`: it must take bad input like the app does. */
let host: StationHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function start(): Promise<StationHost> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'vigil-host-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  host = await startStationHost({ rendererDir, config: { feed: { kind: 'simulator', beds: 2, seed: 1 } } });
  return host;
}

describe('test host', () => {
  it('survives an oversized bridge frame: counted, the socket closed, the host still answering', async () => {
    const h = await start();
    const url = new URL(h.url);
    const ws = new WebSocket(`ws://${url.host}${BRIDGE_PATH}`, { origin: url.origin });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.send('x'.repeat(200 * 1024));
    await closed;
    expect(h.station.rejections.summary()).toContainEqual(expect.objectContaining({ source: 'bridge', reason: 'broken or oversized frame' }));
    expect((await fetch(h.url)).status).toBe(200);
  });

  it('refuses test endpoints called from another origin or by another host name', async () => {
    const h = await start();
    // node:http, not fetch: fetch will not send a Host header of our choosing.
    const scenario = (headers: Record<string, string>) =>
      new Promise<{ status: number }>((resolve, reject) => {
        const url = new URL('/__vigil/test/advance-clock', h.url);
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        });
        req.on('error', reject);
        req.end(JSON.stringify({ ms: 1000 }));
      });
    expect((await scenario({ Origin: 'http://evil.example' })).status).toBe(403);
    expect((await scenario({ Host: 'rebound.example:80' })).status).toBe(403);
    expect((await scenario({})).status).toBe(200); // curl from the developer's shell
    const ws = new WebSocket(`ws://${new URL(h.url).host}${BRIDGE_PATH}`, { origin: 'http://evil.example' });
    await expect(new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))).rejects.toThrow();
  });
});
