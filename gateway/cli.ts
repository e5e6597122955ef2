/**
 * `npm run gateway`: the reference gateway (see gateway/README.md).
 * Prints one line `vigil-gateway listening <url>` on stdout when ready.
 */
import { readFileSync } from 'node:fs';
import { createLogger } from '../electron/main/logging/logger';
import { GATEWAY_USAGE, parseGatewayFlags } from './gateway-flags';
import { ReferenceGateway } from './reference-gateway';

async function main(): Promise<void> {
  const parsed = parseGatewayFlags(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\nusage: ${GATEWAY_USAGE}\n`);
    process.exit(64);
  }
  const flags = parsed.flags;
  const log = createLogger('gateway');
  const gateway = await ReferenceGateway.start(
    {
      token: flags.token,
      beds: flags.beds,
      seed: flags.seed,
      gatewayId: flags['gateway-id'],
      redisUrl: flags.redis,
      redisPrefix: flags['redis-prefix'],
      adminToken: flags['admin-token'],
      tls: flags['tls-cert'] && flags['tls-key'] ? { cert: readFileSync(flags['tls-cert'], 'utf8'), key: readFileSync(flags['tls-key'], 'utf8') } : undefined,
      journal: { retentionMs: flags['journal-hours'] * 3_600_000, maxEntries: flags['journal-max-entries'] },
      peerOfflineAfterMs: flags['peer-offline-after-ms'],
      logger: log,
    },
    { port: flags.port, host: flags.host },
  );
  const scheme = flags['tls-cert'] ? 'https' : 'http';
  process.stdout.write(`vigil-gateway listening ${scheme}://${flags.host}:${gateway.listeningPort}\n`);
  const stop = () => void gateway.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`vigil-gateway: ${error.message}\n`);
  process.exit(1);
});
