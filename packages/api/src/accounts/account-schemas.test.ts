import { describe, expect, it } from 'vitest';

import {
  changePasswordInput,
  emailSchema,
  nameSchema,
  passwordSchema,
  signUpInput,
} from './account-schemas';
import { BROKEN_CHARACTER_MESSAGE, INVISIBLE_TEXT_MESSAGE } from '../text-rules';

const valid = { email: 'ada@example.com', password: 'analytical engine 1843', name: 'Ada' };

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('account input schemas', () => {
  it('trims and validates emails', () => {
    expect(emailSchema.parse('  Ada@Example.com \n')).toBe('Ada@Example.com');
    for (const bad of [
      '',
      '   ',
      'ada',
      'ada@',
      '@example.com',
      'ada@example',
      'a b@example.com',
    ]) {
      expect(emailSchema.safeParse(bad).success).toBe(false);
    }
    expect(emailSchema.safeParse(`${'a'.repeat(250)}@example.com`).success).toBe(false);
  });

  it('counts password length in characters, uses the password as typed, any Unicode', () => {
    expect(passwordSchema.parse('  spaced  ')).toBe('  spaced  ');
    expect(passwordSchema.safeParse('1234567').success).toBe(false);
    expect(passwordSchema.safeParse('x'.repeat(128)).success).toBe(true);
    expect(passwordSchema.safeParse('x'.repeat(129)).success).toBe(false);
    // Eight emoji are eight characters (sixteen UTF-16 units); 128 of them are still allowed.
    expect(passwordSchema.safeParse('🔑'.repeat(8)).success).toBe(true);
    expect(passwordSchema.safeParse('🔑'.repeat(7)).success).toBe(false);
    expect(passwordSchema.safeParse('🔑'.repeat(128)).success).toBe(true);
    expect(passwordSchema.safeParse('🔑'.repeat(129)).success).toBe(false);
    expect(passwordSchema.safeParse('пароль-кириллица').success).toBe(true);
  });

  it('trims names and allows 1 to 100 printable characters', () => {
    expect(nameSchema.parse('  Ada Lovelace ')).toBe('Ada Lovelace');
    expect(nameSchema.safeParse('   ').success).toBe(false);
    expect(nameSchema.safeParse('é'.repeat(100)).success).toBe(true);
    expect(nameSchema.safeParse('😀'.repeat(100)).success).toBe(true);
    expect(nameSchema.safeParse('x'.repeat(101)).success).toBe(false);
    expect(nameSchema.safeParse('Ada\u0000').success).toBe(false);
    expect(nameSchema.safeParse('Ada\nLovelace').success).toBe(false);
    expect(nameSchema.safeParse('Ada\uD800').success).toBe(false);
  });

  it('refuses names made only of format characters, and says why', () => {
    for (const name of ['\u200B', '\u200E\u200F', '\u202E', '\u2066 \u2069', '\uFEFF\u200C']) {
      expect(nameSchema.safeParse(name).error?.issues.map((issue) => issue.message)).toEqual([
        INVISIBLE_TEXT_MESSAGE,
      ]);
    }
    // Format characters beside visible ones are part of names (ZWJ in emoji, Persian ZWNJ).
    expect(nameSchema.safeParse('👩\u200D💻 Ada').success).toBe(true);
    expect(nameSchema.safeParse('\u0645\u06CC\u200C\u0634\u0648\u062F').success).toBe(true);
  });

  it('refuses lone surrogates in names with a message a person understands', () => {
    for (const name of ['Ada\uD800', '\uDC00Ada', 'A\uDBFFda']) {
      expect(nameSchema.safeParse(name).error?.issues.map((issue) => issue.message)).toEqual([
        BROKEN_CHARACTER_MESSAGE,
      ]);
    }
  });

  it('rejects unknown fields instead of ignoring them', () => {
    expect(fieldErrors(signUpInput.safeParse({ ...valid, admin: true }))).toEqual(['']);
  });

  it('reports each missing or bad field under its own name', () => {
    expect(fieldErrors(signUpInput.safeParse({}))).toEqual(['email', 'password', 'name']);
    expect(
      fieldErrors(signUpInput.safeParse({ email: 'nope', password: 'short', name: '' })),
    ).toEqual(['email', 'password', 'name']);
  });

  it('requires a new password different from the current one', () => {
    const same = changePasswordInput.safeParse({
      currentPassword: valid.password,
      newPassword: valid.password,
    });
    expect(fieldErrors(same)).toEqual(['newPassword']);
  });
});
