import type { Numeric } from '../../../shared/domain/numeric';
import { encodeJson } from '../../../shared/protocol/json-codec';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import { CHANNEL_BY_CODE } from '../../../shared/domain/channel';
import { encodeWaveformFrame } from '../../../shared/waveform/frame';
import { UnitSimulator } from '../../../electron/main/simulator/unit-simulator';

/** One gateway tick as it travels: the binary frame, maybe a numerics message, maybe an alarm message. */
export interface WireTick {
  frame: Uint8Array;
  /** The same frame as JSON text, for the JSON.parse baseline. */
  frameJson: string;
  numerics: Uint8Array | null;
  alarm: Uint8Array | null;
  samples: number;
  numericValues: number;
}

/**
 * `seconds` of full-unit traffic (64 beds × ECG 250 Hz + pleth 125 Hz +
 * resp 62.5 Hz, numerics about once a second per bed) from the real
 * simulator, encoded exactly as the reference gateway sends it, with one
 * device alarm message per second on the events stream.
 */
export function fullUnitTraffic(seconds: number, tickMs = 40): { ticks: WireTick[]; bedIds: string[] } {
  const startAt = 1_700_000_000_000;
  const sim = new UnitSimulator({ beds: 64, seed: 11, startAt });
  const bedIds = sim.beds.map((b) => b.bedId);
  const ticks: WireTick[] = [];
  let numericsSeq = 0;
  let eventsSeq = 0;
  for (let t = tickMs; t <= seconds * 1000; t += tickMs) {
    const now = startAt + t;
    const { segments, numerics } = sim.advanceTo(now);
    const frame = new Uint8Array(encodeWaveformFrame(segments));
    const frameJson = JSON.stringify({
      segments: segments.map((s) => ({ bedIndex: s.bedIndex, channel: CHANNEL_BY_CODE.indexOf(s.channel), flags: s.flags, firstSampleAt: s.firstSampleAt, samples: Array.from(s.samples) })),
    });
    const beds = numerics.map(({ bedIndex, numerics: values }) => ({ bedId: bedIds[bedIndex]!, numerics: values as Numeric[] }));
    const numericsMessage = beds.length > 0 ? encodeJson({ v: PROTOCOL_VERSION, type: 'numerics', seq: ++numericsSeq, at: now, beds }) : null;
    const alarm =
      t % 1000 === 0
        ? encodeJson({
            v: PROTOCOL_VERSION,
            type: 'journal',
            seq: ++eventsSeq,
            at: now,
            journalId: 'j-bench-00001',
            entry: {
              kind: 'episode',
              pos: eventsSeq,
              at: now,
              episode: {
                bedId: bedIds[eventsSeq % 64]!,
                code: 'VT',
                message: 'V-Tach',
                priority: 'HIGH',
                source: 'device',
                deviceAlarmId: `a-${eventsSeq}`,
                episodeId: `ep-${eventsSeq}`,
                onsetAt: now,
                end: eventsSeq % 2 ? null : { at: now, reason: 'ended' },
              },
            },
          })
        : null;
    ticks.push({
      frame,
      frameJson,
      numerics: numericsMessage,
      alarm,
      samples: segments.reduce((n, s) => n + s.samples.length, 0),
      numericValues: beds.reduce((n, b) => n + b.numerics.length, 0),
    });
  }
  return { ticks, bedIds };
}
