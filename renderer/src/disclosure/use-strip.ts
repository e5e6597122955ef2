import { useCallback, useEffect, useRef, useState } from 'react';
import type { Strip } from '../../../shared/disclosure/review-schemas';
import { MAX_STRIP_MS } from '../../../shared/disclosure/disclosure-limits';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';
import type { DisclosureTarget } from '../store/panel-store';
import { hearRecordClock, missedThePresent, recordNow } from './record-clock';

export type StripState = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; strip: Strip };

/**
 * The strip shown: its start time (moved by paging, alarm steps, "go to")
 * and the answer for [from, from + windowMs). The first position comes from
 * the target: an alarm id (looked up in the record by identity), a time, or
 * the present.
 */
export function useStrip(bedId: string, target: DisclosureTarget, windowMs: number) {
  const api = useVigilApi();
  const [from, setFrom] = useState<number | null>(null);
  const [focus, setFocus] = useState<number | null>(null);
  const [state, setState] = useState<StripState>({ status: 'loading' });
  const span = Math.min(MAX_STRIP_MS, Math.max(1_000, Math.round(windowMs)));
  /** A strip that came with an alarm answer: shown as it is, not asked for again. */
  const prefetched = useRef<Strip | null>(null);
  /** Opened at the present, not yet confirmed by an answer (record-clock.ts). */
  const atPresent = useRef(false);

  /** Shows a strip the station sent with an alarm (one round trip instead of two), focused on the alarm. */
  const show = useCallback((strip: Strip, at: number) => {
    hearRecordClock(strip.clock);
    prefetched.current = strip;
    setFocus(at);
    setFrom(strip.from);
    setState({ status: 'ready', strip });
  }, []);

  useEffect(() => {
    let cancelled = false;
    const place = (at: number) => {
      if (cancelled) return;
      setFocus(at);
      setFrom(at - span / 3);
    };
    if (target && 'alarmId' in target) {
      void stationRequest(api, 'disclosure:alarm-lookup', { alarmId: target.alarmId, strip: { spanMs: span, leadMs: Math.round(span / 3) } }).then((r) => {
        if (cancelled) return;
        if (!r.ok) setState({ status: 'error', error: r.error });
        else if (!r.value.alarm) setState({ status: 'error', error: 'That alarm is not in the full-disclosure record (older than its retention, or from before it ran).' });
        else if (r.value.strip) show(r.value.strip, r.value.alarm.at);
        else place(r.value.alarm.at);
      });
    } else if (target && 'at' in target) place(target.at);
    else {
      atPresent.current = true;
      place(recordNow() - (2 * span) / 3);
    }
    return () => {
      cancelled = true;
    };
    // The target opens the screen; moving afterwards is the user's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, bedId]);

  useEffect(() => {
    if (from === null) return;
    const ready = prefetched.current;
    if (ready && ready.from === Math.max(0, from) && ready.to - ready.from === span) return;
    prefetched.current = null;
    let cancelled = false;
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    const to = Math.max(0, from) + span;
    void stationRequest(api, 'disclosure:strip', { bedId, from: Math.max(0, from), to }).then((r) => {
      if (cancelled) return;
      if (r.ok) hearRecordClock(r.value.clock);
      if (r.ok && atPresent.current) {
        atPresent.current = false;
        // The present was guessed on a clock the record no longer follows (someone set the station's): go to the record's.
        if (missedThePresent(r.value.clock, to)) {
          const corrected = r.value.clock.now - (2 * span) / 3;
          // The focus moves with it (a third into the strip, as place() puts it): print and export are centred on it.
          setFocus(corrected + span / 3);
          setFrom(corrected);
          return;
        }
      }
      setState(r.ok ? { status: 'ready', strip: r.value } : { status: 'error', error: r.error });
    });
    return () => {
      cancelled = true;
    };
  }, [api, bedId, from, span]);

  return { from, setFrom, focus, setFocus, span, state, show };
}
