import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import type { Hl7TlsConfig } from '../../../../shared/hl7/listener-config';

/**
 * MLLP over TLS, server side (IHE ITI TF-2 ATNA "secure node": TLS with
 * mutual certificate authentication). The listener accepts the raw TCP
 * connection itself, so the allow-list and the connection limits apply
 * before a single TLS byte is parsed, and then hands the socket to a
 * tls.Server that never listens (`server.emit('connection', socket)`, the
 * documented way to inject a connection).
 *
 * Client certificates are requested but not rejected by OpenSSL's default
 * path: the 'secure' handler below decides, so every refusal is counted
 * with its reason instead of vanishing in a silent destroy().
 */
export type TlsRefusal = 'tls-handshake-failed' | 'tls-client-certificate' | 'tls-handshake-timeout';

export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface MllpTlsHandlers {
  secure(socket: TLSSocket): void;
  refused(remoteAddress: string | undefined, reason: TlsRefusal, detail: string): void;
}

export interface MllpTls {
  /** Client certificates are required and must chain to the hospital CA. */
  verifyClients: boolean;
  /** Runs the handshake on an admitted raw socket. */
  accept(raw: Socket): void;
}

/** Reads the certificate, key and CA files; rejects naming the file that failed (never its content). */
export async function loadMllpTls(config: Hl7TlsConfig, handlers: MllpTlsHandlers, handshakeTimeoutMs = TLS_HANDSHAKE_TIMEOUT_MS): Promise<MllpTls> {
  const read = async (what: string, path: string) => {
    try {
      return await readFile(path);
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const cert = await read('certificate', config.certFile);
  const key = await read('key', config.keyFile);
  const ca = config.clientCaFile !== undefined ? await read('client CA', config.clientCaFile) : undefined;
  const verifyClients = ca !== undefined;
  let server: TlsServer;
  try {
    server = createTlsServer({
      cert,
      key,
      ...(ca ? { ca } : {}),
      minVersion: 'TLSv1.2',
      requestCert: verifyClients,
      // Decided in 'secureConnection' below, where the refusal can be counted with its reason.
      rejectUnauthorized: false,
      handshakeTimeout: handshakeTimeoutMs,
    });
  } catch (error) {
    throw new Error(`the TLS certificate, key or CA is not usable: ${(error as Error).message}`);
  }
  server.on('secureConnection', (socket: TLSSocket) => {
    if (verifyClients && !socket.authorized) {
      handlers.refused(socket.remoteAddress, 'tls-client-certificate', String(socket.authorizationError ?? 'no client certificate'));
      socket.destroy();
      return;
    }
    handlers.secure(socket);
  });
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    const reason: TlsRefusal = error.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' ? 'tls-handshake-timeout' : /CERT|certificate/i.test(`${error.code} ${error.message}`) ? 'tls-client-certificate' : 'tls-handshake-failed';
    handlers.refused(socket.remoteAddress, reason, error.code ?? 'tls error');
    socket.destroy();
  });
  return { verifyClients, accept: (raw) => server.emit('connection', raw) };
}
