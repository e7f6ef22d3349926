/**
 * TOTP (RFC 6238) with @oslojs/otp: 30-second steps, 6 digits, one step of
 * clock drift either way, and no code accepted twice (the last accepted step
 * is kept on the person).
 */
import { randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import QRCode from "qrcode";

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
const ISSUER = "CLN Action Learning Sets";

export function newTotpKey() {
  return encodeBase32UpperCaseNoPadding(randomBytes(20));
}

export async function totpEnrolment(keyBase32: string, accountName: string) {
  const uri = createTOTPKeyURI(ISSUER, accountName, decodeBase32IgnorePadding(keyBase32), TOTP_PERIOD, TOTP_DIGITS);
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return {
    uri,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    /** The key in groups of four, easier to type into an app by hand. */
    manualKey: keyBase32.replace(/(.{4})/g, "$1 ").trim(),
  };
}

/** The accepted time step, or null. `lastStep` makes each code single-use. */
export function checkTotp(keyBase32: string, code: string, lastStep: number | null, now = Date.now()) {
  const cleaned = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(cleaned)) return null;
  const key = decodeBase32IgnorePadding(keyBase32);
  const current = Math.floor(now / 1000 / TOTP_PERIOD);
  for (const step of [current, current - 1, current + 1]) {
    if (lastStep !== null && step <= lastStep) continue;
    if (generateHOTP(key, BigInt(step), TOTP_DIGITS) === cleaned) return step;
  }
  return null;
}
