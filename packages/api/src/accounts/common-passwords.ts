// The common-password list (zxcvbn-ts's ~49,000 most used passwords), loaded once on first use.
// Server-only: the list is far too large for the web bundle.

let passwords: Promise<ReadonlySet<string>> | undefined;

function loadPasswords(): Promise<ReadonlySet<string>> {
  passwords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) =>
      new Set(dictionary['passwords-common'].map((password) => password.toLowerCase())),
  );
  return passwords;
}

/** Compared case-insensitively: "Password1" is as guessable as "password1". */
export async function isCommonPassword(password: string): Promise<boolean> {
  const list = await loadPasswords();
  return list.has(password.toLowerCase());
}
