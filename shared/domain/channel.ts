import { z } from 'zod';

/**
 * The three waveforms every tile draws. Sample rates follow the full-unit load
 * profile (docs/targets): ECG 250 Hz, pleth 125 Hz, resp 62.5 Hz.
 */
export const WAVEFORM_CHANNELS = ['ecg', 'pleth', 'resp'] as const;
export const WaveformChannelSchema = z.enum(WAVEFORM_CHANNELS);
export type WaveformChannel = z.infer<typeof WaveformChannelSchema>;

export const SAMPLE_RATE_HZ: Readonly<Record<WaveformChannel, number>> = {
  ecg: 250,
  pleth: 125,
  resp: 62.5,
};

/** Stable small integer per channel, used in the binary waveform frame. */
export const CHANNEL_CODE: Readonly<Record<WaveformChannel, number>> = { ecg: 0, pleth: 1, resp: 2 };
export const CHANNEL_BY_CODE: readonly WaveformChannel[] = WAVEFORM_CHANNELS;
