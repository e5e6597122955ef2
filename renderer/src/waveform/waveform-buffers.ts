import { MAX_BEDS_PER_UNIT } from '../../../shared/domain/bed';
import { SAMPLE_RATE_HZ, WAVEFORM_CHANNELS, type WaveformChannel } from '../../../shared/domain/channel';
import { SEGMENT_FLAG_LEAD_OFF, decodeWaveformFrame, type WaveformSegment } from '../../../shared/waveform/frame';
import { SenderClock } from '../../../shared/time/sender-clock';
import { SampleRing } from './sample-ring';

/**
 * The renderer's store of recent waveform samples, outside React on purpose:
 * ~25 frames/s × 64 beds × 3 channels would make React state churn for no
 * benefit, since only the canvas needs the samples. The station client feeds
 * frames in; the sweep renderer reads them out on animation frames.
 *
 * Samples are kept on this view's monotonic clock (the receive clock), not
 * on their sender's: a sample's time is its sender's timestamp moved by that
 * sender's offset to the receive clock (shared/time/sender-clock.ts), so a
 * monitor or station whose clock is set elsewhere, or set while the wall
 * runs, never freezes the sweep or makes it skip. A segment that arrives
 * late stays late and is drawn only if the playout delay covers it.
 */
export interface WaveformBuffersOptions {
  /** How much history each channel keeps; must exceed one sweep plus the playout delay. Default 12 s. */
  capacitySeconds?: number;
  /** Receive-time clock for staleness and sample times; default performance.now (monotonic, unaffected by wall-clock changes). */
  receiveClock?: () => number;
}

interface BedBuffers {
  rings: Partial<Record<WaveformChannel, SampleRing>>;
  /** Receive time of the latest segment carrying samples for this bed. */
  receivedAt: number | null;
  leadOff: boolean;
  /** The offset from this bed's sender clock to the receive clock. */
  sender: SenderClock;
}

export class WaveformBuffers {
  /** Frames dropped because they could not be decoded or referred to impossible beds/times. */
  rejectedFrames = 0;
  /** Bumped by reset(): views drop whatever they drew for the previous layout. */
  generation = 0;
  private readonly capacitySeconds: number;
  private readonly receiveClock: () => number;
  private beds: Array<BedBuffers | undefined> = [];

  constructor(options: WaveformBuffersOptions = {}) {
    this.capacitySeconds = options.capacitySeconds ?? 12;
    this.receiveClock = options.receiveClock ?? (() => performance.now());
  }

  /**
   * Decodes one binary frame and routes each segment to its bed and channel.
   * A malformed frame is dropped whole and counted – never thrown, since this
   * runs in an IPC callback where an exception would only be lost.
   */
  ingestFrame(frame: ArrayBuffer): void {
    let segments: WaveformSegment[];
    try {
      segments = decodeWaveformFrame(frame);
    } catch {
      this.rejectedFrames++;
      return;
    }
    // Validate everything before applying anything, so a frame is all-or-nothing.
    for (const s of segments) {
      if (s.bedIndex >= MAX_BEDS_PER_UNIT || !Number.isFinite(s.firstSampleAt)) {
        this.rejectedFrames++;
        return;
      }
    }
    const receivedAt = this.receiveClock();
    for (const s of segments) {
      const bed = this.bed(s.bedIndex);
      if (s.channel === 'ecg') bed.leadOff = (s.flags & SEGMENT_FLAG_LEAD_OFF) !== 0;
      if (s.samples.length === 0) continue;
      bed.receivedAt = receivedAt;
      const ring = this.ringFor(bed, s.channel);
      const span = (s.samples.length - 1) * ring.periodMs;
      // The newest sample was sent about when it was made: it arrived `late` after the sender's fastest delivery.
      const late = bed.sender.lateness(s.firstSampleAt + span, receivedAt);
      ring.append(receivedAt - late - span, s.samples);
    }
  }

  /** Receive time (receiveClock, performance.now by default) of the bed's latest samples, or null if none since reset. Sample times are on the same clock. */
  lastSampleReceivedAt(bedIndex: number): number | null {
    return this.beds[bedIndex]?.receivedAt ?? null;
  }

  /** Whether the bed's latest ECG segment was flagged lead-off. */
  leadOff(bedIndex: number): boolean {
    return this.beds[bedIndex]?.leadOff ?? false;
  }

  /** The bed's ring for a channel, or undefined if no samples have arrived for it yet. */
  ring(bedIndex: number, channel: WaveformChannel): SampleRing | undefined {
    return this.beds[bedIndex]?.rings[channel];
  }

  /**
   * Forgets everything: bed indexes now mean different beds (unit layout
   * changed), so no sample, receive time or lead-off state may carry over.
   * Rings are cleared in place so running indexes stay monotonic for readers.
   */
  reset(): void {
    for (const bed of this.beds) {
      if (!bed) continue;
      for (const channel of WAVEFORM_CHANNELS) bed.rings[channel]?.clear();
      bed.receivedAt = null;
      bed.leadOff = false;
      bed.sender = new SenderClock();
    }
    this.generation++;
  }

  private bed(bedIndex: number): BedBuffers {
    let bed = this.beds[bedIndex];
    if (!bed) {
      bed = { rings: {}, receivedAt: null, leadOff: false, sender: new SenderClock() };
      this.beds[bedIndex] = bed;
    }
    return bed;
  }

  private ringFor(bed: BedBuffers, channel: WaveformChannel): SampleRing {
    let ring = bed.rings[channel];
    if (!ring) {
      const rate = SAMPLE_RATE_HZ[channel];
      ring = new SampleRing(rate, Math.ceil(rate * this.capacitySeconds));
      bed.rings[channel] = ring;
    }
    return ring;
  }
}
