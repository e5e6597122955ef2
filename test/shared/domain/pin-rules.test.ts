import { describe, expect, it } from 'vitest';
import { secretRuleText, secretRuleViolation } from '../../../shared/domain/pin-rules';

const nurse = { role: 'nurse' as const, userId: 'jdoe', badgeId: 'BADGE-0042' };
const admin = { role: 'admin' as const, userId: 'it-admin', badgeId: null };

describe('PIN and password rules', () => {
  it.each(['4711', '2468', '90210', '123456789012', 'blue-door', 'Ward7!'])('a clinical account may use %s', (secret) => {
    expect(secretRuleViolation(secret, nurse)).toBeNull();
  });

  it.each([
    ['123', /at least 4/],
    ['0000', /one digit repeated/],
    ['99999', /one digit repeated/],
    ['1234', /run of digits/],
    ['9876', /run of digits/],
    ['0123456', /run of digits/],
    ['1234567890123', /at most 12 digits/],
    ['JDOE', /user id or badge/],
    ['badge-0042', /user id or badge/],
    ['x'.repeat(129), /at most 128/],
  ])('a clinical account may not use %s', (secret, why) => {
    expect(secretRuleViolation(secret, nurse)).toMatch(why);
  });

  it('an admin needs a password of 10 or more characters, never a PIN', () => {
    expect(secretRuleViolation('correct horse', admin)).toBeNull();
    expect(secretRuleViolation('short-pw', admin)).toMatch(/at least 10/);
    expect(secretRuleViolation('4711471147', admin)).toMatch(/not a PIN/);
    expect(secretRuleViolation('IT-ADMIN', admin)).toMatch(/at least 10/);
    expect(secretRuleViolation('it-admin', { ...admin, userId: 'it-admin' })).not.toBeNull();
  });

  it('states the rule for the screen that asks for it', () => {
    expect(secretRuleText('nurse')).toMatch(/4-12 digits/);
    expect(secretRuleText('admin')).toMatch(/at least 10 characters/);
  });
});
