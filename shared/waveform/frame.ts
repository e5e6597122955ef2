import { CHANNEL_BY_CODE, CHANNEL_CODE, type WaveformChannel } from '../domain/channel';

/**
 * Binary waveform frame: one ArrayBuffer carries every bed's new samples for a
 * ~40 ms tick, so the wall costs ~25 messages/s instead of one JSON object per
 * sample. Little-endian, and every block is a multiple of 4 bytes so samples
 * can be read as a Float32Array view without copying.
 *
 *   header   u32 magic 'VGWF' | u16 version | u16 segmentCount
 *   segment  u16 bedIndex | u8 channel | u8 flags | u32 sampleCount | f64 firstSampleAt (epoch ms)
 *            f32 × sampleCount
 *
 * bedIndex is the bed's position in UnitSnapshot.beds.
 */
export const FRAME_MAGIC = 0x46574756; // 'VGWF' read little-endian
export const FRAME_VERSION = 1;
const HEADER_BYTES = 8;
const SEGMENT_HEADER_BYTES = 16;
/** Bounds a frame so a corrupt count cannot make the decoder allocate wildly. */
export const MAX_SAMPLES_PER_SEGMENT = 8192;

export const SEGMENT_FLAG_LEAD_OFF = 1;

export interface WaveformSegment {
  bedIndex: number;
  channel: WaveformChannel;
  flags: number;
  /** Epoch ms of samples[0]; later samples follow at the channel's rate. */
  firstSampleAt: number;
  samples: Float32Array;
}

export function encodeWaveformFrame(segments: readonly WaveformSegment[]): ArrayBuffer {
  let size = HEADER_BYTES;
  for (const s of segments) size += SEGMENT_HEADER_BYTES + s.samples.length * 4;
  const buffer = new ArrayBuffer(size);
  const view = new DataView(buffer);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint16(4, FRAME_VERSION, true);
  view.setUint16(6, segments.length, true);
  let offset = HEADER_BYTES;
  for (const s of segments) {
    view.setUint16(offset, s.bedIndex, true);
    view.setUint8(offset + 2, CHANNEL_CODE[s.channel]);
    view.setUint8(offset + 3, s.flags);
    view.setUint32(offset + 4, s.samples.length, true);
    view.setFloat64(offset + 8, s.firstSampleAt, true);
    offset += SEGMENT_HEADER_BYTES;
    new Float32Array(buffer, offset, s.samples.length).set(s.samples);
    offset += s.samples.length * 4;
  }
  return buffer;
}

export class WaveformFrameError extends Error {}

/**
 * Decodes without copying samples. Throws WaveformFrameError with the reason
 * for anything malformed; callers count and drop the frame.
 */
export function decodeWaveformFrame(buffer: ArrayBuffer): WaveformSegment[] {
  if (buffer.byteLength < HEADER_BYTES) throw new WaveformFrameError('frame shorter than header');
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== FRAME_MAGIC) throw new WaveformFrameError('bad magic');
  const version = view.getUint16(4, true);
  if (version !== FRAME_VERSION) throw new WaveformFrameError(`unsupported version ${version}`);
  const count = view.getUint16(6, true);
  const segments: WaveformSegment[] = [];
  let offset = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (offset + SEGMENT_HEADER_BYTES > buffer.byteLength) throw new WaveformFrameError(`segment ${i} header truncated`);
    const channelCode = view.getUint8(offset + 2);
    const channel = CHANNEL_BY_CODE[channelCode];
    if (channel === undefined) throw new WaveformFrameError(`segment ${i} unknown channel ${channelCode}`);
    const sampleCount = view.getUint32(offset + 4, true);
    if (sampleCount > MAX_SAMPLES_PER_SEGMENT) throw new WaveformFrameError(`segment ${i} too many samples`);
    const samplesAt = offset + SEGMENT_HEADER_BYTES;
    if (samplesAt + sampleCount * 4 > buffer.byteLength) throw new WaveformFrameError(`segment ${i} samples truncated`);
    segments.push({
      bedIndex: view.getUint16(offset, true),
      channel,
      flags: view.getUint8(offset + 3),
      firstSampleAt: view.getFloat64(offset + 8, true),
      samples: new Float32Array(buffer, samplesAt, sampleCount),
    });
    offset = samplesAt + sampleCount * 4;
  }
  if (offset !== buffer.byteLength) throw new WaveformFrameError('trailing bytes after last segment');
  return segments;
}
