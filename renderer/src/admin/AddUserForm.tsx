import { useState, type FormEvent } from 'react';
import { secretRuleText, secretRuleViolation } from '../../../shared/domain/pin-rules';
import { ROLES, type Role } from '../../../shared/domain/session';
import type { useUsers } from './use-users';
import { ROLE_LABEL } from './role-label';

/**
 * Adds a user. The PIN rule for the chosen role is shown, and checked here
 * before sending so the admin sees the reason at once; the station checks
 * again (and decides).
 */
export function AddUserForm({ change }: { change: ReturnType<typeof useUsers>['change'] }) {
  const [userId, setUserId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('nurse');
  const [badgeId, setBadgeId] = useState('');
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const badge = badgeId.trim() === '' ? null : badgeId.trim();
    const local = secretRuleViolation(secret, { role, userId: userId.trim(), badgeId: badge });
    if (local !== null) {
      setMessage({ ok: false, text: local });
      return;
    }
    setBusy(true);
    const result = await change('users:add', { userId, displayName, role, badgeId: badge, secret });
    setBusy(false);
    setSecret('');
    if (!result.ok) {
      setMessage({ ok: false, text: result.error });
      return;
    }
    setMessage({ ok: true, text: `Added ${result.value.userId} (${ROLE_LABEL[result.value.role]}).` });
    setUserId('');
    setDisplayName('');
    setBadgeId('');
  };

  return (
    <form className="user-form" onSubmit={submit} data-testid="add-user">
      <h3>Add a user</h3>
      <label>
        User id
        <input value={userId} onChange={(e) => setUserId(e.target.value)} autoComplete="off" required maxLength={64} />
      </label>
      <label>
        Display name
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" required maxLength={64} />
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Badge id (optional)
        <input value={badgeId} onChange={(e) => setBadgeId(e.target.value)} autoComplete="off" maxLength={64} />
      </label>
      <label>
        PIN or password
        <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" required maxLength={128} />
      </label>
      <button type="submit" disabled={busy || !userId || !displayName || !secret}>
        Add user
      </button>
      <p className="review-hint user-form-rule">{secretRuleText(role)}</p>
      {message && (
        <p className={message.ok ? 'change-done' : 'review-error'} role={message.ok ? 'status' : 'alert'} data-testid="add-user-result">
          {message.text}
        </p>
      )}
    </form>
  );
}
