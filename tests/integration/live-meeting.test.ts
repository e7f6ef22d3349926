/**
 * The live meeting through the real server and a real socket.io-client:
 * joining answers a snapshot, presence follows sockets, members who have not
 * accepted the agreement see no in-set content, the room opens 15 minutes
 * before, and actions and report-backs are saved with the command that made
 * them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltServer, type RunningServer } from "../helpers/server";
import {
  DEMO,
  advanceTo,
  cohortId,
  connectAs,
  freshOpId,
  insertMeeting,
  joinOk,
  nextEvent,
  send,
  sendOk,
  stored,
  userIdOf,
  watchStates,
} from "../helpers/live";

let app: RunningServer;
let fac: Awaited<ReturnType<typeof connectAs>>;
let lead: Awaited<ReturnType<typeof connectAs>>;
let daniel: Awaited<ReturnType<typeof connectAs>>;

beforeAll(async () => {
  app = await startBuiltServer({ SIGN_IN_LIMIT_PER_IP: "1000" });
  fac = await connectAs(app, DEMO.facilitator);
  lead = await connectAs(app, DEMO.lead);
  daniel = await connectAs(app, DEMO.daniel);
});
afterAll(async () => {
  for (const s of [fac, lead, daniel]) s?.socket.close();
  await app?.stop();
});

/** An open action of `ownerEmail` from an earlier meeting of the C&M set. */
function insertOpenAction(ownerEmail: string, text: string) {
  const sqlite = app.server.services.conn.sqlite;
  const earlier = insertMeeting(app, { startsInMinutes: -30 * 24 * 60 });
  const id = `act-${Math.random().toString(36).slice(2)}`;
  sqlite
    .prepare("insert into actions (id, cohort_id, meeting_id, owner_id, text, written_by, status, created_at) values (?, ?, ?, ?, ?, ?, 'open', ?)")
    .run(id, cohortId(app), earlier, userIdOf(app, ownerEmail), text, userIdOf(app, ownerEmail), Date.now() - 1000);
  return id;
}

describe("joining", () => {
  it("answers a snapshot of the meeting before anyone has pressed anything", async () => {
    const meetingId = insertMeeting(app);
    const snap = await joinOk(fac.socket, meetingId);
    expect(snap.you).toEqual({ userId: fac.userId, role: "facilitator" });
    expect(snap.state.meetingId).toBe(meetingId);
    expect(snap.state.version).toBe(0);
    expect(snap.state.position.stage).toBe("lobby");
    expect(snap.state.facilitators.map((f) => f.userId)).toEqual([fac.userId]);
    // The cohort's seven current members, in name order.
    const names = snap.state.members.map((m) => m.name);
    expect(names).toHaveLength(7);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names).toContain("Sarah Whitfield");
    expect(snap.present).toEqual([fac.userId]);
    expect(Math.abs(snap.serverNow - Date.now())).toBeLessThan(5000);
    // Nothing is written until the first command.
    expect(stored(app, meetingId).state).toBeNull();
  });

  it("tells everyone in the room who is present, and who left", async () => {
    const meetingId = insertMeeting(app);
    await joinOk(fac.socket, meetingId);
    const seen = nextEvent<{ meetingId: string; present: string[] }>(fac.socket, "meeting:presence", 3000, (p) => p.present.length === 2);
    const snap = await joinOk(lead.socket, meetingId);
    expect(snap.you.role).toBe("member");
    expect(snap.present.sort()).toEqual([fac.userId, lead.userId].sort());
    expect((await seen).meetingId).toBe(meetingId);
    const rows = app.server.services.conn.sqlite.prepare("select user_id from meeting_presence where meeting_id = ?").all(meetingId) as Array<{ user_id: string }>;
    expect(rows.map((r) => r.user_id).sort()).toEqual([fac.userId, lead.userId].sort());

    // A second tab of the same person, closed: they are still present.
    const second = await connectAs(app, DEMO.daniel);
    await joinOk(second.socket, meetingId);
    const third = await connectAs(app, DEMO.daniel);
    await joinOk(third.socket, meetingId);
    const oneLeft = nextEvent<{ present: string[] }>(fac.socket, "meeting:presence");
    second.socket.close();
    expect((await oneLeft).present).toContain(daniel.userId);
    const bothLeft = nextEvent<{ present: string[] }>(fac.socket, "meeting:presence");
    third.socket.close();
    expect((await bothLeft).present).not.toContain(daniel.userId);
  });

  it("a snapshot needs a join first, and then answers the current state", async () => {
    const meetingId = insertMeeting(app);
    const before = await fac.socket.emitWithAck("meeting:snapshot", { meetingId });
    expect(before).toEqual({ ok: false, error: "Join the meeting first" });
    await joinOk(fac.socket, meetingId);
    await sendOk(fac.socket, meetingId, { type: "start" });
    const after = await fac.socket.emitWithAck("meeting:snapshot", { meetingId });
    expect(after.ok).toBe(true);
    expect(after.value.state.version).toBe(1);
    expect(after.value.state.position.stage).toBe("opening");
  });
});

describe("a command", () => {
  it("is broadcast to the room before its sender is answered, and only once saved", async () => {
    const meetingId = insertMeeting(app);
    await joinOk(fac.socket, meetingId);
    await joinOk(lead.socket, meetingId);
    const mine = watchStates(fac.socket);
    const theirs = watchStates(lead.socket);
    const version = await sendOk(fac.socket, meetingId, { type: "start" });
    // Same connection, in order: the broadcast arrived before the ack.
    expect(mine.all.map((s) => s.version)).toEqual([version]);
    expect(stored(app, meetingId).version).toBe(version);
    expect((await theirs.until(version)).position.stage).toBe("opening");
  });
});

describe("what a member who has not accepted the agreement sees", () => {
  it("no open actions, bids or actions until they accept; then the full state", async () => {
    const text = "Speak to the ward manager about rota gaps";
    insertOpenAction(DEMO.lead, text);
    const meetingId = insertMeeting(app);
    const facSnap = await joinOk(fac.socket, meetingId);
    expect(facSnap.state.openActions.map((a) => a.text)).toContain(text);
    const leadSnap = await joinOk(lead.socket, meetingId);
    expect(leadSnap.state.openActions).toEqual([]);
    const danielSnap = await joinOk(daniel.socket, meetingId);
    expect(danielSnap.state.openActions).toEqual([]);

    const danielStates = watchStates(daniel.socket);
    const leadStates = watchStates(lead.socket);
    const v1 = await sendOk(lead.socket, meetingId, { type: "acceptAgreement" });
    // The person who accepted now sees everything; the other is still waiting and sees none of it.
    expect((await leadStates.until(v1)).openActions.map((a) => a.text)).toContain(text);
    const redacted = await danielStates.until(v1);
    expect(redacted.agreed).toEqual([lead.userId]);
    expect(redacted.openActions).toEqual([]);
    expect(JSON.stringify(danielStates.all)).not.toContain(text);

    const v2 = await sendOk(daniel.socket, meetingId, { type: "acceptAgreement" });
    expect((await danielStates.until(v2)).openActions.map((a) => a.text)).toContain(text);
  });
});

describe("the room and the meeting's status", () => {
  it("refuses to start more than 15 minutes before the meeting, changing nothing", async () => {
    const meetingId = insertMeeting(app, { startsInMinutes: 60 });
    await joinOk(fac.socket, meetingId);
    const reply = await send(fac.socket, meetingId, { type: "start" });
    expect(reply).toEqual({ ok: false, error: "The room opens 15 minutes before the meeting" });
    expect(stored(app, meetingId)).toMatchObject({ version: 0, events: 0, state: null });
    // 14 minutes before: open.
    app.server.services.conn.sqlite.prepare("update meetings set starts_at = ? where id = ?").run(Date.now() + 14 * 60_000, meetingId);
    expect(await sendOk(fac.socket, meetingId, { type: "start" })).toBe(1);
  });

  it("takes no commands for a cancelled meeting", async () => {
    const meetingId = insertMeeting(app, { status: "cancelled" });
    await joinOk(fac.socket, meetingId);
    expect(await send(fac.socket, meetingId, { type: "start" })).toEqual({ ok: false, error: "This meeting was cancelled" });
    expect(stored(app, meetingId).events).toBe(0);
  });
});

describe("what must never be lost", () => {
  it("saves report-backs and confirmed actions in the same transaction as the command", async () => {
    const sqlite = app.server.services.conn.sqlite;
    const openId = insertOpenAction(DEMO.lead, "Audit the handover sheet");
    const meetingId = insertMeeting(app);
    for (const s of [fac, lead, daniel]) await joinOk(s.socket, meetingId);
    await sendOk(lead.socket, meetingId, { type: "acceptAgreement" });
    await sendOk(daniel.socket, meetingId, { type: "acceptAgreement" });
    await sendOk(fac.socket, meetingId, { type: "start" });
    await advanceTo(fac.socket, meetingId, "progress_reports", app);

    // A report-back: saved as a report, and "done" closes the action.
    await sendOk(lead.socket, meetingId, { type: "reportBack", actionId: openId, status: "done", learned: "It helped", obstacles: "" });
    expect(sqlite.prepare("select status from actions where id = ?").get(openId)).toEqual({ status: "done" });
    expect(sqlite.prepare("select status, learned, meeting_id from action_reports where action_id = ?").all(openId)).toEqual([
      { status: "done", learned: "It helped", meeting_id: meetingId },
    ]);
    // Corrected in the same meeting: still one report, and "partly" keeps the action open.
    await sendOk(lead.socket, meetingId, { type: "reportBack", actionId: openId, status: "partly", learned: "Half done", obstacles: "Time" });
    expect(sqlite.prepare("select status from actions where id = ?").get(openId)).toEqual({ status: "open" });
    expect(sqlite.prepare("select count(*) as n from action_reports where action_id = ?").get(openId)).toEqual({ n: 1 });

    await advanceTo(fac.socket, meetingId, "bids", app);
    const bid = "How do I raise staffing concerns without burning bridges?";
    await sendOk(daniel.socket, meetingId, { type: "setBid", text: bid });
    await sendOk(fac.socket, meetingId, { type: "setPresenters", presenters: [{ userId: daniel.userId, airtimeMinutes: 30 }] });
    for (let i = 0; i < 20 && stored(app, meetingId).state?.position.step !== "commit"; i++) {
      await sendOk(fac.socket, meetingId, { type: "advance" });
    }
    expect(stored(app, meetingId).state?.position).toMatchObject({ stage: "airtime", step: "commit" });

    // Written by the facilitator: not an action until its owner confirms it.
    const writeOp = freshOpId();
    await sendOk(fac.socket, meetingId, { type: "writeActionFor", userId: daniel.userId, text: "Book a meeting with the matron" }, writeOp);
    const written = stored(app, meetingId).state!.actions.find((a) => a.ownerId === daniel.userId)!;
    expect(written.confirmed).toBe(false);
    expect(sqlite.prepare("select count(*) as n from actions where id = ?").get(written.actionId)).toEqual({ n: 0 });
    await sendOk(daniel.socket, meetingId, { type: "confirmAction", actionId: written.actionId });
    expect(sqlite.prepare("select cohort_id, meeting_id, owner_id, text, written_by, status from actions where id = ?").get(written.actionId)).toEqual({
      cohort_id: cohortId(app),
      meeting_id: meetingId,
      owner_id: daniel.userId,
      text: "Book a meeting with the matron",
      written_by: fac.userId,
      status: "open",
    });

    // Proposed by the presenter: confirmed at once, saved at once.
    const proposeOp = freshOpId();
    await sendOk(daniel.socket, meetingId, { type: "proposeAction", text: "Write to the chief nurse by Friday" }, proposeOp);
    const proposed = stored(app, meetingId).state!.actions.find((a) => a.text === "Write to the chief nurse by Friday")!;
    expect(sqlite.prepare("select owner_id, written_by from actions where id = ?").get(proposed.actionId)).toEqual({
      owner_id: daniel.userId,
      written_by: daniel.userId,
    });

    // The event log records who did what, never what they typed.
    const events = sqlite.prepare("select * from live_events where meeting_id = ?").all(meetingId);
    expect(events.length).toBe(stored(app, meetingId).version);
    const log = JSON.stringify(events);
    expect(log).toContain("setBid");
    for (const typed of [bid, "Book a meeting", "chief nurse", "It helped", "Half done"]) expect(log).not.toContain(typed);
  });

  it("refuses an action whose id already belongs to another meeting, saving nothing", async () => {
    const sqlite = app.server.services.conn.sqlite;
    const meetingId = insertMeeting(app);
    for (const s of [fac, daniel]) await joinOk(s.socket, meetingId);
    await sendOk(daniel.socket, meetingId, { type: "acceptAgreement" });
    await sendOk(fac.socket, meetingId, { type: "start" });
    await advanceTo(fac.socket, meetingId, "bids", app);
    await sendOk(fac.socket, meetingId, { type: "setPresenters", presenters: [{ userId: daniel.userId, airtimeMinutes: 30 }] });
    for (let i = 0; i < 20 && stored(app, meetingId).state?.position.step !== "commit"; i++) {
      await sendOk(fac.socket, meetingId, { type: "advance" });
    }
    // Another meeting's action already has the id this opId would make.
    const opId = freshOpId();
    const other = insertOpenAction(DEMO.daniel, "An earlier action");
    sqlite.prepare("update actions set id = ? where id = ?").run(`a-${opId}`, other);
    const before = stored(app, meetingId);
    const reply = await send(daniel.socket, meetingId, { type: "proposeAction", text: "Something else entirely" }, opId);
    expect(reply).toEqual({ ok: false, error: "That action could not be saved; please try again" });
    expect(stored(app, meetingId)).toEqual(before);
    expect(sqlite.prepare("select meeting_id, text from actions where id = ?").get(`a-${opId}`)).toMatchObject({ text: "An earlier action" });
    expect(sqlite.prepare("select count(*) as n from actions where meeting_id = ?").get(meetingId)).toEqual({ n: 0 });
  });
});

