import { connect } from 'node:net';

/**
 * A plain TCP connect to the gateway's host and port, closed at once. While
 * the gateway process is down its port refuses connections; the moment the
 * probe gets through, the server is reachable again and the station need not
 * sit out the rest of its backoff (the reconnect target is "resynced within
 * 2 s of the server being reachable"). A refused connect costs the back end
 * nothing, so probing every ~0.5 s is no load on it; the backoff still
 * governs real attempts against a server that is up but refusing.
 */
export function probeTcp(url: string, timeoutMs: number): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  const secure = target.protocol === 'https:' || target.protocol === 'wss:';
  const port = target.port ? Number(target.port) : secure ? 443 : 80;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reachable: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reachable);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
