import { useEffect, useState, type FormEvent } from 'react';
import { FALLBACK_JOURNAL_NOTICE, useActionNotice } from '../station/recorded-in';
import { audioPauseRemainingMs, useAlarmStore } from '../store/alarm-store';
import { useUnitStore } from '../store/unit-store';
import { useStationActions } from './station-actions';

/**
 * Sign-in, AUDIO PAUSED with its countdown, and alarm reset. A view-only
 * wall shows the pause state but offers no controls (a wall IT allowed
 * clinical actions on offers them like a workstation).
 */
export function OperatorControls() {
  const actionsAllowed = useUnitStore((s) => s.unit?.clinicalActionsAllowed ?? false);
  const session = useAlarmStore((s) => s.session);
  return (
    <div className="operator-controls">
      <AudioPauseState />
      <JournalNotice />
      {actionsAllowed && session && <SignedInControls />}
      {actionsAllowed && !session && <SignInForm />}
    </div>
  );
}

/**
 * An action done while the audit store cannot write is durable in the
 * fallback journal, not yet in the audit trail: the person is told so, and
 * the line stays until they dismiss it or act again.
 */
function JournalNotice() {
  const notice = useActionNotice((s) => s.notice);
  const dismiss = useActionNotice((s) => s.dismiss);
  if (!notice) return null;
  return (
    <span className="journal-notice" role="status" data-testid="journal-notice">
      ✔ {notice.action}: {FALLBACK_JOURNAL_NOTICE}
      <button type="button" className="journal-notice-dismiss" onClick={dismiss} aria-label="Dismiss">
        ×
      </button>
    </span>
  );
}

function AudioPauseState() {
  const pausedUntil = useAlarmStore((s) => s.audioPausedUntil);
  const sentAt = useAlarmStore((s) => s.sentAt);
  const receivedAt = useAlarmStore((s) => s.receivedAt);
  // Durations on this view's monotonic clock: a wall-clock change here must not stretch the countdown.
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (pausedUntil === null) return;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, [pausedUntil]);
  const remainingMs = audioPauseRemainingMs({ audioPausedUntil: pausedUntil, sentAt, receivedAt }, now);
  if (remainingMs === null) return null;
  const s = Math.ceil(remainingMs / 1000);
  return (
    <span className="audio-paused" data-testid="audio-paused" role="status">
      <span aria-hidden="true">🔕</span> AUDIO PAUSED {Math.floor(s / 60)}:{String(s % 60).padStart(2, '0')}
    </span>
  );
}

function SignedInControls() {
  const session = useAlarmStore((s) => s.session)!;
  const actions = useStationActions();
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<{ ok: true; journaled: boolean } | { ok: false; error: string }>) => {
    setError(null);
    const result = await action();
    if (!result.ok) setError(result.error);
  };
  return (
    <>
      {session.permissions.includes('audio-pause') && (
        <button type="button" data-testid="audio-pause" onClick={() => run(() => actions.pauseAudio())}>
          Audio pause 2:00
        </button>
      )}
      {session.permissions.includes('alarm-reset') && (
        <button type="button" data-testid="alarm-reset" onClick={() => run(actions.resetAlarms)}>
          Alarm reset
        </button>
      )}
      <span className="signed-in" data-testid="signed-in">
        {session.displayName} ({session.role})
      </span>
      <button type="button" data-testid="sign-out" onClick={() => run(actions.signOut)}>
        Sign out
      </button>
      {error && (
        <span className="operator-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

function SignInForm() {
  const actions = useStationActions();
  const [identifier, setIdentifier] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const result = await actions.signIn(identifier, secret);
    setSecret('');
    if (!result.ok) setError(result.error);
  };
  return (
    <form className="sign-in" onSubmit={submit} data-testid="sign-in">
      <input aria-label="User or badge" placeholder="User or badge" value={identifier} onChange={(e) => setIdentifier(e.target.value)} autoComplete="off" />
      <input aria-label="PIN or password" placeholder="PIN" type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" />
      <button type="submit" disabled={!identifier || !secret}>
        Sign in
      </button>
      {error && (
        <span className="operator-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
