import { describe, expect, it } from 'vitest';

import {
  COMMON_PASSWORD_MESSAGE,
  PERSONAL_PASSWORD_MESSAGE,
  passwordWeakness,
  WEAK_PASSWORD_MESSAGE,
} from './password-strength';

const person = { email: 'Ada.Lovelace@example.com', name: 'Ada Lovelace' };

describe('password strength', () => {
  it('refuses what the review found accepted: aaaaaaaa, eight spaces, the email itself', async () => {
    expect(await passwordWeakness('aaaaaaaa', person)).toBe(WEAK_PASSWORD_MESSAGE);
    expect(await passwordWeakness('        ', person)).toBe(WEAK_PASSWORD_MESSAGE);
    expect(await passwordWeakness('ada.lovelace@example.com', person)).toBe(
      PERSONAL_PASSWORD_MESSAGE,
    );
  });

  it('refuses the email’s local part or the name anywhere in it, in any case', async () => {
    expect(await passwordWeakness('my name is ADA.LOVELACE ok', person)).toBe(
      PERSONAL_PASSWORD_MESSAGE,
    );
    expect(await passwordWeakness('xx ada lovelace 1815 xx', person)).toBe(
      PERSONAL_PASSWORD_MESSAGE,
    );
  });

  it('keeps the common-password message for listed passwords', async () => {
    expect(await passwordWeakness('iloveyou123', person)).toBe(COMMON_PASSWORD_MESSAGE);
  });

  it('accepts long phrases of plain words: no composition rules', async () => {
    for (const password of [
      'correct horse battery staple',
      'analytical engine 1843',
      'a brand new passphrase',
    ]) {
      expect(await passwordWeakness(password, person)).toBeNull();
    }
  });

  it('ignores personal words too short to mean anything', async () => {
    expect(await passwordWeakness('al is a frog in a pond', { email: 'al@x.io', name: 'Al' })).toBe(
      null,
    );
  });
});
