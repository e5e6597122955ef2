import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type VigilApi } from '../../../shared/ipc/contract';
import { isFresh } from '../../../shared/domain/freshness';
import { describeIssues } from '../../../shared/validation';
import type { WaveformBuffers } from '../waveform';
import { onViewClock, useUnitStore, type ReceivedNumerics } from '../store/unit-store';
import { useAlarmStore } from '../store/alarm-store';
import { usePanelStore } from '../store/panel-store';
import { useSecurityStore } from '../store/security-store';
import type { AlarmsDelta, AlarmsUpdate, NumericsUpdate } from '../../../shared/domain/station-event';

const FRESHNESS_CHECK_MS = 250;
/**
 * Numerics arrive spread over every 40 ms tick (each bed reports at its own
 * phase). Applying them to React in one batch a few times a second turns ~25
 * relayouts a second into 4 without making any value older than it would be
 * on a 1 Hz monitor. Staleness still uses the true receive time. Every
 * duration here is on performance.now(): a wall-clock change on this
 * computer must neither grey a live wall nor keep a silent one live.
 */
const NUMERICS_APPLY_MS = 250;
/** Alarm deltas kept while the full alarm state is being fetched (beyond, the oldest go: a gap, found and fetched again). */
const MAX_WAITING_DELTAS = 256;

/**
 * Connects a view to the station: subscribes to events before asking for the
 * snapshot (so nothing falls between them), routes waveform frames straight
 * into the waveform buffers (never into React state), and runs this view's
 * own no-data check on receive times, so the wall greys out even if the main
 * process or the link to it stalls.
 */
export function connectStation(api: VigilApi, buffers: WaveformBuffers): () => void {
  const store = useUnitStore.getState;
  const numericsReceivedAt = new Map<string, number>();
  const cleanups: Array<() => void> = [];
  let stopped = false;

  const subscribe = <E extends EventChannel>(channel: E, apply: (payload: unknown) => void) => {
    cleanups.push(
      api.on(channel, (payload) => {
        const parsed = EVENT_CHANNELS[channel].safeParse(payload);
        if (!parsed.success) {
          store().countRejectedEvent();
          console.warn(`rejected ${channel}: ${describeIssues(parsed.error)}`);
          return;
        }
        apply(parsed.data);
      }),
    );
  };
  subscribe('unit:bed-status', (p) => store().applyBedStatus(p as never));
  let pendingNumerics: ReceivedNumerics | null = null;
  subscribe('unit:numerics', (p) => {
    const update = p as NumericsUpdate;
    const now = performance.now();
    for (const b of update.beds) numericsReceivedAt.set(b.bedId, now);
    // Ages move onto this view's clock now, while this batch's sentAt still applies to them.
    const beds = update.beds.map((b) => ({ bedId: b.bedId, numerics: onViewClock(b.numerics, update.sentAt, now), receivedAt: now }));
    pendingNumerics = pendingNumerics ? { beds: [...pendingNumerics.beds, ...beds] } : { beds };
  });
  const numericsFlush = setInterval(() => {
    if (!pendingNumerics) return;
    const update = pendingNumerics;
    pendingNumerics = null;
    store().applyNumerics(update);
  }, NUMERICS_APPLY_MS);
  // Alarm deltas: applied in order; one that does not follow on (a gap, a restarted
  // station, a delta this view rejected) makes the list not current until the full
  // state is fetched again. Deltas that arrive meanwhile wait, and are applied after it.
  const waitingDeltas: AlarmsDelta[] = [];
  let alarmsLoaded = false;
  let resyncing = false;
  const takeAlarmDelta = (delta: AlarmsDelta) => {
    if (useAlarmStore.getState().applyAlarmDelta(delta) !== 'out-of-sync') return;
    waitingDeltas.push(delta);
    if (waitingDeltas.length > MAX_WAITING_DELTAS) waitingDeltas.shift();
    if (alarmsLoaded) void resyncAlarms();
  };
  const loadAlarms = (state: AlarmsUpdate) => {
    useAlarmStore.getState().loadAlarms(state);
    alarmsLoaded = true;
    const waiting = waitingDeltas.splice(0);
    for (const delta of waiting) takeAlarmDelta(delta);
  };
  const resyncAlarms = async (): Promise<void> => {
    if (resyncing) return;
    resyncing = true;
    try {
      for (let attempt = 0; !stopped && !useAlarmStore.getState().alarmsInSync; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
        const result = await api.invoke('alarms:get-snapshot', {}).catch((e: Error) => ({ ok: false as const, error: e.message }));
        const parsed = result.ok ? INVOKE_CHANNELS['alarms:get-snapshot'].response.safeParse(result.value) : null;
        if (stopped) return;
        if (parsed?.success) loadAlarms(parsed.data);
        else console.warn(`alarm list not current, fetching it again: ${result.ok ? 'invalid alarm state' : result.error}`);
      }
    } finally {
      resyncing = false;
    }
  };
  subscribe('unit:alarms', (p) => takeAlarmDelta(p as AlarmsDelta));
  subscribe('session:changed', (p) => useAlarmStore.getState().setSession(p as never));
  // File → Quit, Cmd-Q or the window's close button: the station asks this view for the clinical quit.
  subscribe('station:quit-requested', () => {
    if (!store().unit?.wallMode) usePanelStore.getState().openQuit();
  });
  subscribe('security:notices', (p) => useSecurityStore.getState().setNotices((p as { notices: never[] }).notices));
  // Whoever signs in here may or may not see security notices: fetch them for an admin or charge nurse, drop them otherwise.
  cleanups.push(
    useAlarmStore.subscribe((state, previous) => {
      if (state.session === previous.session) return;
      if (!state.session?.permissions.includes('security-notices')) {
        useSecurityStore.getState().setNotices([]);
        return;
      }
      void api.invoke('security:notices', {}).then((result) => {
        const parsed = result.ok ? INVOKE_CHANNELS['security:notices'].response.safeParse(result.value) : null;
        if (parsed?.success && useAlarmStore.getState().session?.permissions.includes('security-notices')) useSecurityStore.getState().setNotices(parsed.data.notices);
      });
    }),
  );
  subscribe('unit:census', (p) => store().applyCensus(p as never));
  cleanups.push(api.onWaveformFrame((frame) => buffers.ingestFrame(frame)));

  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const loadSnapshot = async (attempt: number): Promise<void> => {
    const result = await api.invoke('unit:get-snapshot', {}).catch((e: Error) => ({ ok: false as const, error: e.message }));
    if (stopped) return;
    const parsed = result.ok ? INVOKE_CHANNELS['unit:get-snapshot'].response.safeParse(result.value) : null;
    if (parsed?.success) {
      buffers.reset();
      store().applySnapshot(parsed.data, performance.now());
      loadAlarms(parsed.data.alarms);
      const session = await api.invoke('session:current', {});
      if (session.ok) useAlarmStore.getState().setSession(session.value);
      return;
    }
    const reason = result.ok ? `invalid snapshot: ${parsed ? describeIssues(parsed.error!) : ''}` : result.error;
    if (attempt >= 3) store().fail(reason);
    retryTimer = setTimeout(() => void loadSnapshot(attempt + 1), Math.min(5000, 250 * 2 ** attempt));
  };
  void loadSnapshot(0);

  const freshness = setInterval(() => {
    const unit = store().unit;
    if (!unit) return;
    const now = performance.now();
    const current = store().viewStale;
    const changes: Record<string, boolean> = {};
    unit.beds.forEach((bed, index) => {
      const waveAt = buffers.lastSampleReceivedAt(index);
      const numAt = numericsReceivedAt.get(bed.bedId) ?? null;
      const last = waveAt === null ? numAt : numAt === null ? waveAt : Math.max(waveAt, numAt);
      const stale = !isFresh(last, now, unit.noDataTimeoutMs);
      if (current[bed.bedId] !== stale) changes[bed.bedId] = stale;
    });
    if (Object.keys(changes).length) store().setViewStale(changes);
  }, FRESHNESS_CHECK_MS);

  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    clearInterval(freshness);
    clearInterval(numericsFlush);
    cleanups.forEach((c) => c());
  };
}
