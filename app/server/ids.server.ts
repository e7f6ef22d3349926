import { createHash, randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** Row ids: 80 random bits, base32; not guessable, so an id alone grants nothing. */
export function newId() {
  return encodeBase32LowerCaseNoPadding(randomBytes(10));
}

/** Secrets handed to a person (session cookie, invitation and reset links): 160 random bits. */
export function newToken() {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

export function sha256Hex(value: string) {
  return createHash("sha256").update(value).digest("hex");
}
