/**
 * Bad input to the live meeting, from the outside: each is refused with a
 * reason in the ack (or the connection is refused or dropped) and changes
 * nothing: the stored version and event count stay where they were.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startBuiltServer, type RunningServer } from "../helpers/server";
import {
  DEMO,
  advanceTo,
  connectAs,
  disconnected,
  freshOpId,
  insertMeeting,
  join,
  joinOk,
  openSocket,
  send,
  sendOk,
  sendRaw,
  signIn,
  sleep,
  stored,
  watchStates,
} from "../helpers/live";

let app: RunningServer;
let fac: Awaited<ReturnType<typeof connectAs>>;
let lead: Awaited<ReturnType<typeof connectAs>>;
let meetingId: string;

beforeAll(async () => {
  app = await startBuiltServer({ SIGN_IN_LIMIT_PER_IP: "1000" });
  fac = await connectAs(app, DEMO.facilitator);
  lead = await connectAs(app, DEMO.lead);
  meetingId = insertMeeting(app);
  await joinOk(fac.socket, meetingId);
  await joinOk(lead.socket, meetingId);
  await sendOk(lead.socket, meetingId, { type: "acceptAgreement" });
  await sendOk(fac.socket, meetingId, { type: "start" });
});
afterAll(async () => {
  fac?.socket.close();
  lead?.socket.close();
  await app?.stop();
});

let before: ReturnType<typeof stored>;
beforeEach(async () => {
  // Each case uses at most 3 commands, refilled in 150 ms (20 a second), so a refusal here is never the rate limit's.
  await sleep(150);
  before = stored(app, meetingId);
});
const unchanged = () => expect(stored(app, meetingId)).toEqual(before);

const good = () => ({ meetingId, opId: freshOpId(), command: { type: "raiseHand" } });

describe("the logs", () => {
  it("record refusals by event, ids and reason, never what was typed", async () => {
    const lines: string[] = [];
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "info";
    const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    const secret = "I have been signed off with stress twice this year";
    try {
      await send(lead.socket, meetingId, { type: "advance" });
      await sendRaw(lead.socket, "meeting:command", { ...good(), command: { type: "setBid", text: secret + "!".repeat(200) } });
      await send(lead.socket, meetingId, { type: "setBid", text: secret });
      await sendRaw(lead.socket, "meeting:whatever", { text: secret });
    } finally {
      out.mockRestore();
      err.mockRestore();
      process.env.LOG_LEVEL = level;
    }
    const entries = lines.flatMap((l) => l.trim().split("\n")).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.find((e) => e.message === "refused a facilitator command from a member")).toMatchObject({
      level: "warn",
      userId: lead.userId,
      meetingId,
      type: "advance",
    });
    expect(entries.find((e) => e.message === "refused meeting:command: bad payload")).toMatchObject({ level: "warn", userId: lead.userId });
    expect(entries.find((e) => e.message === "live command refused")).toMatchObject({ type: "setBid", reason: expect.any(String) });
    expect(entries.find((e) => e.message === "refused unknown socket event")).toMatchObject({ event: "meeting:whatever" });
    expect(lines.join("")).not.toContain("signed off");
    unchanged();
  });
});

describe("the handshake", () => {
  it("refuses a connection without a session", async () => {
    await expect(openSocket(app, {})).rejects.toThrow("unauthorised");
  });

  it("refuses a connection from another origin, even with a session", async () => {
    const person = await signIn(app, DEMO.daniel);
    await expect(openSocket(app, { cookie: person.cookie, origin: "https://evil.example" })).rejects.toThrow();
    // The same cookie from our own origin is fine: the origin was the only problem.
    const ok = await openSocket(app, { cookie: person.cookie });
    ok.close();
  });
});

describe("who may join a meeting of the Cheshire & Merseyside set", () => {
  const table: Array<[email: string, expected: "facilitator" | "member" | "refused"]> = [
    [DEMO.facilitator, "facilitator"],
    [DEMO.lead, "member"],
    [DEMO.coFacilitator, "refused"], // co-facilitates Greater Manchester only
    [DEMO.gmMember, "refused"],
    ["advisory@example.com", "refused"],
    [DEMO.admin, "refused"],
  ];
  it("its facilitators and current members, nobody else", async () => {
    const got: Record<string, string> = {};
    for (const [email] of table) {
      const person = await connectAs(app, email);
      const reply = await join(person.socket, meetingId);
      got[email] = reply.ok ? reply.value.you.role : "refused";
      person.socket.close();
    }
    expect(got).toEqual(Object.fromEntries(table));
  });
});

describe("joining a meeting that is not yours", () => {
  it("a member of another cohort cannot join, read or change it by its id", async () => {
    const outsider = await connectAs(app, DEMO.gmMember);
    const seen = watchStates(outsider.socket);
    expect(await join(outsider.socket, meetingId)).toEqual({ ok: false, error: "You are not in this meeting's set" });
    expect(await outsider.socket.emitWithAck("meeting:snapshot", { meetingId })).toEqual({ ok: false, error: "Join the meeting first" });
    expect(await send(outsider.socket, meetingId, { type: "raiseHand" })).toEqual({ ok: false, error: "Join the meeting first" });
    // The room's broadcasts do not reach them.
    await sendOk(lead.socket, meetingId, { type: "raiseHand" });
    await sendOk(lead.socket, meetingId, { type: "lowerHand" });
    await sleep(100);
    expect(seen.all).toEqual([]);
    const presence = app.server.services.conn.sqlite.prepare("select count(*) as n from meeting_presence where meeting_id = ? and user_id = ?").get(meetingId, outsider.userId);
    expect(presence).toEqual({ n: 0 });
    outsider.socket.close();
  });

  it("a guessed id gets the same answer as another set's meeting", async () => {
    expect(await join(lead.socket, "guessed-meeting-id")).toEqual({ ok: false, error: "You are not in this meeting's set" });
  });

  it("a CLN admin cannot join: admins do not read in-set content", async () => {
    const admin = await connectAs(app, DEMO.admin);
    expect(await join(admin.socket, meetingId)).toEqual({ ok: false, error: "You are not in this meeting's set" });
    admin.socket.close();
  });
});

describe("commands that are not yours to send", () => {
  it("a member's facilitator command is refused", async () => {
    for (const command of [{ type: "advance" }, { type: "end" }, { type: "setTimer", minutes: 5 }] as const) {
      expect(await send(lead.socket, meetingId, command)).toEqual({ ok: false, error: "Only the set's facilitators can do that" });
    }
    unchanged();
  });

  it("a command for a stage that has ended is refused with the machine's reason", async () => {
    await advanceTo(fac.socket, meetingId, "check_in", app);
    before = stored(app, meetingId);
    expect(await send(lead.socket, meetingId, { type: "setBid", text: "Too early for this" })).toEqual({
      ok: false,
      error: "Bids can only be written during the bids stage",
    });
    unchanged();
  });
});

describe("payloads", () => {
  it("refuses an unknown event, with or without an ack, and stays connected", async () => {
    expect(await sendRaw(lead.socket, "meeting:hack", good())).toEqual({ ok: false, error: "Unknown event" });
    expect(await sendRaw(lead.socket, "__proto__", {})).toEqual({ ok: false, error: "Unknown event" });
    lead.socket.emit("meeting:nothing", good());
    const clock = await lead.socket.emitWithAck("clock:sync", { clientSentAt: 1 });
    expect(clock.ok).toBe(true);
    unchanged();
  });

  it("does nothing for a command sent without an ack", async () => {
    lead.socket.emit("meeting:command", good());
    await sleep(200);
    unchanged();
  });

  const cases: Array<[string, () => unknown, RegExp]> = [
    ["not an object", () => "raise my hand", /^Not accepted: the message should be object/],
    ["null", () => null, /^Not accepted/],
    ["an array", () => [good()], /^Not accepted/],
    ["a wrong type for the meeting id", () => ({ ...good(), meetingId: 42 }), /meetingId should be string/],
    ["a wrong type inside the command", () => ({ ...good(), command: { type: "setTimer", minutes: "5" } }), /command\.minutes should be number/],
    ["an unknown command", () => ({ ...good(), command: { type: "takeOver" } }), /command\.type/],
    ["an extra key", () => ({ ...good(), userId: "someone-else" }), /fields that are not allowed \("userId"\)/],
    ["an extra key in the command", () => ({ ...good(), command: { type: "raiseHand", role: "facilitator" } }), /command has fields that are not allowed \("role"\)/],
    ["an own __proto__ key", () => JSON.parse(`{"meetingId":"${meetingId}","opId":"${freshOpId()}","command":{"type":"raiseHand"},"__proto__":{"role":"facilitator"}}`), /not allowed \("__proto__"\)/],
    ["__proto__ inside the command", () => JSON.parse(`{"meetingId":"${meetingId}","opId":"${freshOpId()}","command":{"type":"raiseHand","__proto__":{"x":1}}}`), /not allowed \("__proto__"\)/],
    ["a short opId", () => ({ ...good(), opId: "1" }), /^Not accepted: opId/],
    ["an opId with odd characters", () => ({ ...good(), opId: "../../etc/passwd" }), /^Not accepted: opId/],
    ["a bid of 201 characters", () => ({ ...good(), command: { type: "setBid", text: "x".repeat(201) } }), /command\.text is too long \(at most 200 characters\)/],
    ["an empty bid", () => ({ ...good(), command: { type: "setBid", text: "   " } }), /command\.text is empty/],
    ["an action of 501 characters", () => ({ ...good(), command: { type: "proposeAction", text: "y".repeat(501) } }), /at most 500 characters/],
    ["a meeting id of 65 characters", () => ({ ...good(), meetingId: "m".repeat(65) }), /meetingId is too long/],
  ];
  for (const [name, payload, reason] of cases) {
    it(`refuses ${name}`, async () => {
      const reply = await sendRaw(lead.socket, "meeting:command", payload());
      expect(reply.ok).toBe(false);
      expect(reply.ok ? "" : reply.error).toMatch(reason);
      unchanged();
    });
  }

  it("the refusal never echoes what was typed", async () => {
    const secret = "My manager shouts at me and I am not coping";
    const reply = await sendRaw(lead.socket, "meeting:command", { ...good(), command: { type: "setBid", text: secret + "!".repeat(200) } });
    expect(JSON.stringify(reply)).not.toContain("manager");
    unchanged();
  });

  it("a join with a bad payload is refused too", async () => {
    expect(await sendRaw(lead.socket, "meeting:join", { meetingId, role: "facilitator" })).toMatchObject({ ok: false });
    expect(await sendRaw(lead.socket, "meeting:join", { meetingId: ["x"] })).toMatchObject({ ok: false });
    unchanged();
  });

  it("a message over 64 KB drops the connection and changes nothing", async () => {
    const big = await connectAs(app, DEMO.daniel);
    await joinOk(big.socket, meetingId);
    const dropped = disconnected(big.socket);
    big.socket.emit("meeting:command", { ...good(), command: { type: "setBid", text: "z".repeat(70 * 1024) } }, () => {});
    expect(await dropped).toMatch(/transport (close|error)/);
    expect(big.socket.connected).toBe(false);
    unchanged();
    // Everyone else carries on.
    expect((await lead.socket.emitWithAck("clock:sync", { clientSentAt: 1 })).ok).toBe(true);
  });
});
