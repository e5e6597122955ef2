export { SampleRing, GAP_THRESHOLD_PERIODS } from './sample-ring';
export { WaveformBuffers, type WaveformBuffersOptions } from './waveform-buffers';
export { AutoGainScale, FixedGainScale, createTraceScale, type AutoGainOptions, type TraceScale } from './trace-scale';
export {
  LEAD_OFF_TEXT,
  SweepRenderer,
  TRACE_COLORS,
  type SweepRendererOptions,
  type WaveformCanvas,
  type WaveformContext2D,
} from './sweep-renderer';
export { WallSurface } from './wall-surface';
