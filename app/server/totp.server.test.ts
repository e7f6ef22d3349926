import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { checkTotp, newTotpKey, totpEnrolment } from "./totp.server";
import { isCommonPassword } from "./passwords.server";

const codeAt = (key: string, ms: number) => generateHOTP(decodeBase32IgnorePadding(key), BigInt(Math.floor(ms / 30_000)), 6);

describe("TOTP", () => {
  const key = newTotpKey();
  const now = Date.parse("2026-05-01T10:00:10Z");

  it("accepts the current code and one step of drift, not two", () => {
    expect(checkTotp(key, codeAt(key, now), null, now)).toBe(Math.floor(now / 30_000));
    expect(checkTotp(key, codeAt(key, now - 30_000), null, now)).not.toBeNull();
    expect(checkTotp(key, codeAt(key, now + 30_000), null, now)).not.toBeNull();
    expect(checkTotp(key, codeAt(key, now - 90_000), null, now)).toBeNull();
  });

  it("never accepts the same code twice", () => {
    const step = checkTotp(key, codeAt(key, now), null, now);
    expect(step).not.toBeNull();
    expect(checkTotp(key, codeAt(key, now), step, now)).toBeNull();
  });

  it("ignores spaces and refuses non-digits", () => {
    const code = codeAt(key, now);
    expect(checkTotp(key, `${code.slice(0, 3)} ${code.slice(3)}`, null, now)).not.toBeNull();
    expect(checkTotp(key, "abcdef", null, now)).toBeNull();
  });

  it("gives a QR code and a manual key for enrolment", async () => {
    const e = await totpEnrolment(key, "sam@example.com");
    expect(e.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(e.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(e.manualKey.replace(/ /g, "")).toBe(key);
  });
});

describe("common passwords", () => {
  it.each(["password1234", "PASSWORD1234", "aaaaaaaaaaaaaaaa", "123456789012"])("refuses %s", (p) => {
    expect(isCommonPassword(p)).toBe(true);
  });
  it("allows an uncommon passphrase", () => {
    expect(isCommonPassword("kettle orbit marmalade stairs")).toBe(false);
  });
});
