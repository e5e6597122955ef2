import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StationConfigInput } from '../../../../../shared/config/station-config';
import type { Hl7ListenerConnection } from '../../../../../electron/main/connections/hl7/hl7-listener-connection';
import { adtConnection } from '../../../../../electron/main/connections/adt/adt-intake';
import type { Logger } from '../../../../../electron/main/logging/logger';
import { stationHarness, type StationHarness } from '../../station/station-test-kit';
import { FIXTURES, MllpClient } from '../hl7/hl7-test-kit';
import { StationConfigSchema } from '../../../../../shared/config/station-config';
import { closedAfterEach } from '../../../../support/closed-after-each';

export const ADT_FIXTURES = join(FIXTURES, 'adt');

export interface AdtExpectations {
  scenarios: Array<{ id: string; messages: string[]; end: string }>;
  messages: Array<{
    id: string;
    file: string;
    version: string;
    processingId: string;
    controlId: string;
    event: string;
    action: string;
    patient: { primaryId: { id: string; type: string; authority: string }; family: string; given: string; dob: string | null; sex: string };
    visitNumber: string | null;
    location: { pointOfCare: string; room: string; bed: string } | null;
    priorLocation: { pointOfCare: string; room: string; bed: string } | null;
  }>;
}

export const EXPECTATIONS = JSON.parse(readFileSync(join(ADT_FIXTURES, 'expectations.json'), 'utf8')) as AdtExpectations;

/** The raw bytes of one of the real messages, by its id in expectations.json (a01…a20). */
export function adtMessage(id: string): Buffer {
  const entry = EXPECTATIONS.messages.find((m) => m.id === id);
  if (!entry) throw new Error(`no ADT fixture ${id}`);
  return readFileSync(join(ADT_FIXTURES, entry.file));
}

/**
 * The test station's beds, one for each place the real messages put a
 * patient. T11E, the endoscopy clinic, O/R and unit 01020202 are other wards.
 */
export const ADT_BEDS = [
  { bedId: 'pmh-413-2', label: 'PMH 413-2', location: 'PMH 15C^413^2' },
  { bedId: 'es9-424-1', label: 'ES9 424-1', location: 'ES9 GEN S^424^1' },
  { bedId: 'ed-rat-chair', label: 'ED RAT chair', location: 'ED^UCHED RAT CHAIR^RAT-CHAIR' },
  { bedId: 'ed-majors-05', label: 'ED Majors 05', location: 'ED^NON COVID MAJORS 05^05-NON COVID MAJORS' },
  { bedId: 'ed-delete', label: 'ED Delete', location: 'ED^DELETE ME^DELETE' },
  { bedId: 't12s-31', label: 'T12S 31', location: 'T12S^T12S BY05^BY05-31' },
  { bedId: 't12s-33', label: 'T12S 33', location: 'T12S^T12S BY05^BY05-33' },
  { bedId: 'ld-332', label: 'L&D 332', location: 'ZZZ10205^L&D TRIAGE-332^332-01' },
  { bedId: 'ld-333', label: 'L&D 333', location: 'ZZZ10205^L&D TRIAGE-333^333-01' },
  { bedId: 'w-389-1', label: 'W 389-1', location: 'W^389^1' },
  { bedId: 'cn-sny20', label: 'CN sny20', location: '01020201^^sny20' },
] as const;

export const ADT_BED_MAP = ADT_BEDS.map((b) => ({ bedId: b.bedId, location: b.location }));

export function adtStationConfig(overrides: Partial<StationConfigInput> = {}): StationConfigInput {
  return {
    stationId: 'adt-test',
    feed: { kind: 'gateway', urls: ['http://127.0.0.1:1'], token: 'token-123456' },
    beds: ADT_BEDS.map((b) => ({ bedId: b.bedId, label: b.label, patient: null })),
    adt: { port: 0, processingIds: ['P', 'T'], bedMap: ADT_BED_MAP },
    ...overrides,
  };
}

export interface AdtStation {
  h: StationHarness;
  connection: Hl7ListenerConnection;
  client: MllpClient;
  close(): Promise<void>;
}

/** A station (real audit store, census in memory) with the real ADT listener on a free port and a client on it. */
export async function adtStation(options: { config?: Partial<StationConfigInput>; logger?: Logger } = {}): Promise<AdtStation> {
  const configInput = adtStationConfig(options.config);
  const h = await stationHarness({ beds: ADT_BEDS, config: configInput, ...(options.logger ? { logger: options.logger } : {}) });
  const config = StationConfigSchema.parse(configInput);
  // Ages (and so categories) are read on the station's calendar (its wall clock): put it in this decade.
  h.clock.stepWall(Date.UTC(2026, 2, 10, 9, 0, 0) - h.clock.wall());
  await h.station.open();
  const connection = adtConnection(h.station, h.station.census, { ...config, adt: config.adt! }, options.logger ?? h.options.logger ?? silent, h.clock);
  h.station.connections.add(connection);
  await h.station.connections.startAll();
  const client = await MllpClient.connect(connection.port!);
  return {
    h,
    connection,
    client,
    close: async () => {
      await client.close();
      await h.station.connections.stopAll();
      await h.close();
    },
  };
}

/** adtStation() for one test file: every station a test starts is closed after it. */
export function adtStationsClosedAfterEach(): (options?: Parameters<typeof adtStation>[0]) => Promise<AdtStation> {
  return closedAfterEach(adtStation);
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** bedId → hospital number of its patient, for beds that have one. */
export function occupied(h: StationHarness): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of ADT_BEDS) {
    const e = h.station.census.occupant(b.bedId);
    if (e) out[b.bedId] = e.patient.mrn.id;
  }
  return out;
}
