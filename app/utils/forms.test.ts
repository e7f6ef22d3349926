import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkboxes, emailField, optionalText, requiredText, validateForm } from "./forms";

const Schema = z.strictObject({
  name: requiredText("your name", 10),
  email: emailField(),
  nickname: optionalText(5),
  roles: checkboxes(z.enum(["a", "b"])),
  password: z.string().min(3, "Too short"),
});

function fd(entries: Array<[string, string]>) {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe("validateForm", () => {
  it("parses good input, trimming text and collecting repeated fields", () => {
    const r = validateForm(Schema, fd([["name", " Sam "], ["email", "sam@example.com"], ["roles", "a"], ["roles", "b"], ["password", "secret"], ["intent", "save"]]));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.data).toEqual({ name: "Sam", email: "sam@example.com", roles: ["a", "b"], password: "secret", nickname: undefined });
  });

  it("returns one message per bad field, keeps what was typed, and never echoes secrets", () => {
    const r = validateForm(Schema, fd([["name", ""], ["email", "not-an-email"], ["nickname", "toolongname"], ["password", "x"]]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toBe("Enter your name");
    expect(r.errors.email).toMatch(/correct format/);
    expect(r.errors.nickname).toMatch(/5 characters or fewer/);
    expect(r.errors.password).toBe("Too short");
    expect(r.values.email).toBe("not-an-email");
    expect(r.values.password).toBeUndefined();
  });

  it("refuses unknown fields, including __proto__", () => {
    const r = validateForm(Schema, fd([["name", "Sam"], ["email", "sam@example.com"], ["password", "secret"], ["__proto__", "x"], ["isAdmin", "1"]]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.formError).toMatch(/isAdmin/);
    const proto = validateForm(Schema, fd([["name", "Sam"], ["email", "sam@example.com"], ["password", "secret"], ["__proto__", "x"]]));
    expect(proto.ok).toBe(false);
    if (!proto.ok) expect(proto.formError).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
