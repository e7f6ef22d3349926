/**
 * Connections that come and go: a client whose connection drops recovers
 * (with the current state in place of those it missed) or rejoins (with a snapshot); a recovering
 * client whose session ended meanwhile gets nothing; signing out drops
 * meeting sockets. (A server restarted mid-meeting: live-restart.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltServer, type RunningServer } from "../helpers/server";
import {
  DEMO,
  connectAs,
  disconnected,
  insertMeeting,
  join,
  joinOk,
  nextEvent,
  openSocket,
  send,
  sendOk,
  signIn,
  sleep,
  snapshot,
  stored,
  watchStates,
  type LiveSocket,
} from "../helpers/live";

let app: RunningServer;
beforeAll(async () => {
  app = await startBuiltServer({ SIGN_IN_LIMIT_PER_IP: "1000" });
});
afterAll(async () => {
  await app?.stop();
});

/** Waits until `watcher` is told that `userId` has left the meeting (so the server has seen the drop). */
const seenLeaving = (watcher: LiveSocket, userId: string) =>
  nextEvent<{ present: string[] }>(watcher, "meeting:presence", 3000, (p) => !p.present.includes(userId));

function reconnect(socket: LiveSocket) {
  return new Promise<"connected" | string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error) => resolve(error.message));
    socket.connect();
  });
}

describe("a dropped connection", () => {
  it("recovers with the current state in place of the states it missed, and can carry on without rejoining", async () => {
    const fac = await connectAs(app, DEMO.facilitator);
    const lead = await connectAs(app, DEMO.lead);
    const meetingId = insertMeeting(app);
    await joinOk(fac.socket, meetingId);
    await joinOk(lead.socket, meetingId);
    await sendOk(lead.socket, meetingId, { type: "acceptAgreement" });
    const states = watchStates(lead.socket);
    const v = await sendOk(fac.socket, meetingId, { type: "start" });
    await states.until(v);

    const left = seenLeaving(fac.socket, lead.userId);
    lead.socket.io.engine.close();
    await left;
    const v1 = await sendOk(fac.socket, meetingId, { type: "advance" });
    const v2 = await sendOk(fac.socket, meetingId, { type: "setTimer", minutes: 9 });

    const back = nextEvent<{ present: string[] }>(fac.socket, "meeting:presence", 3000, (p) => p.present.includes(lead.userId));
    expect(await reconnect(lead.socket)).toBe("connected");
    expect(lead.socket.recovered).toBe(true);
    // The current state arrives by itself: it stands for v1 and v2, which are not replayed (every state is whole).
    expect(v2).toBeGreaterThan(v1);
    expect((await states.until(v2)).version).toBe(v2);
    expect(states.all.map((s) => s.version).filter((x) => x > v)).toEqual([v2]);
    expect(states.latest()).toEqual(stored(app, meetingId).state);
    await back; // and the others see them back

    // Still in the meeting: a snapshot and a command work without joining again.
    const snap = await snapshot(lead.socket, meetingId);
    expect(snap.ok && snap.value.state.version).toBe(v2);
    expect(await sendOk(lead.socket, meetingId, { type: "raiseHand" })).toBe(v2 + 1);
    fac.socket.close();
    lead.socket.close();
  });

  it("that cannot be recovered rejoins and gets a snapshot with the current version", async () => {
    const fac = await connectAs(app, DEMO.facilitator);
    const lead = await connectAs(app, DEMO.lead);
    const meetingId = insertMeeting(app);
    await joinOk(fac.socket, meetingId);
    await joinOk(lead.socket, meetingId);
    await sendOk(fac.socket, meetingId, { type: "start" });
    const left = seenLeaving(fac.socket, lead.userId);
    lead.socket.close(); // a closed tab: no recovery
    await left;
    const v = await sendOk(fac.socket, meetingId, { type: "setTimer", minutes: 5 });

    const fresh = await openSocket(app, { cookie: lead.cookie });
    expect(fresh.recovered).toBe(false);
    // Not in the meeting until it joins again.
    expect(await send(fresh, meetingId, { type: "raiseHand" })).toEqual({ ok: false, error: "Join the meeting first" });
    const snap = await joinOk(fresh, meetingId);
    expect(snap.state.version).toBe(v);
    expect(snap.state).toEqual(stored(app, meetingId).state);
    fac.socket.close();
    fresh.close();
  });

  it("gives nothing to a recovering client whose session ended meanwhile", async () => {
    const fac = await connectAs(app, DEMO.facilitator);
    const daniel = await connectAs(app, DEMO.daniel);
    const meetingId = insertMeeting(app);
    await joinOk(fac.socket, meetingId);
    await joinOk(daniel.socket, meetingId);
    await sendOk(daniel.socket, meetingId, { type: "acceptAgreement" });
    await sendOk(fac.socket, meetingId, { type: "start" });

    const left = seenLeaving(fac.socket, daniel.userId);
    daniel.socket.io.engine.close();
    await left;
    // Signed out elsewhere while this connection was down.
    const other = await signIn(app, DEMO.daniel);
    const out = await fetch(`${app.base}/sign-out`, { method: "POST", headers: { Cookie: other.cookie, Origin: app.base }, redirect: "manual" });
    expect(out.status).toBe(302);
    await sendOk(fac.socket, meetingId, { type: "setTimer", minutes: 6 });

    const raw: string[] = [];
    daniel.socket.io.once("open", () => daniel.socket.io.engine.on("packet", (p: { data?: unknown }) => raw.push(String(p.data ?? ""))));
    const missed = watchStates(daniel.socket);
    expect(await reconnect(daniel.socket)).toBe("unauthorised");
    expect(raw.length).toBeGreaterThan(0); // the refusal itself came over this connection
    expect(raw.filter((p) => p.includes("meeting:"))).toEqual([]);
    expect(missed.all).toEqual([]);
    daniel.socket.close();
    fac.socket.close();
  });
});

describe("someone removed from the set", () => {
  const removeFromSet = (userId: string) =>
    app.server.services.conn.sqlite.prepare("update cohort_memberships set left_at = ? where user_id = ? and left_at is null").run(Date.now(), userId);
  const restoreToSet = (userId: string) =>
    app.server.services.conn.sqlite.prepare("update cohort_memberships set left_at = null where user_id = ?").run(userId);
  /** The facilitator and Liam (a member who has accepted the agreement) in a new meeting. */
  async function liamInAMeeting() {
    const fac = await connectAs(app, DEMO.facilitator);
    const liam = await connectAs(app, "liam.gallagher.price@example.com");
    const meetingId = insertMeeting(app);
    await joinOk(fac.socket, meetingId);
    await joinOk(liam.socket, meetingId);
    await sendOk(liam.socket, meetingId, { type: "acceptAgreement" });
    return { fac, liam, meetingId };
  }

  it("while their connection was down recovers into nothing of the meeting", async () => {
    const fac = await connectAs(app, DEMO.facilitator);
    const imran = await connectAs(app, "imran.qureshi@example.com");
    const meetingId = insertMeeting(app);
    await joinOk(fac.socket, meetingId);
    await joinOk(imran.socket, meetingId);
    await sendOk(imran.socket, meetingId, { type: "acceptAgreement" });
    await sendOk(fac.socket, meetingId, { type: "start" });
    try {
      const left = seenLeaving(fac.socket, imran.userId);
      imran.socket.io.engine.close();
      await left;
      removeFromSet(imran.userId);
      await sendOk(fac.socket, meetingId, { type: "setTimer", minutes: 6 });

      const raw: string[] = [];
      imran.socket.io.once("open", () => imran.socket.io.engine.on("packet", (p: { data?: unknown }) => raw.push(String(p.data ?? ""))));
      expect(await reconnect(imran.socket)).toBe("connected");
      expect(imran.socket.recovered).toBe(true);
      expect(await send(imran.socket, meetingId, { type: "raiseHand" })).toEqual({ ok: false, error: "Join the meeting first" });
      expect(await join(imran.socket, meetingId)).toEqual({ ok: false, error: "You are not in this meeting's set" });
      expect(raw.filter((p) => p.includes("meeting:state"))).toEqual([]);
    } finally {
      restoreToSet(imran.userId);
      imran.socket.close();
      fac.socket.close();
    }
  });

  it("mid-meeting is refused at their next command and leaves the room", async () => {
    const { fac, liam, meetingId } = await liamInAMeeting();
    try {
      removeFromSet(liam.userId);
      const left = seenLeaving(fac.socket, liam.userId);
      expect(await send(liam.socket, meetingId, { type: "raiseHand" })).toEqual({ ok: false, error: "You are not in this meeting's set" });
      await left;
      const seen = watchStates(liam.socket);
      await sendOk(fac.socket, meetingId, { type: "start" });
      await sleep(100);
      expect(seen.all).toEqual([]);
    } finally {
      restoreToSet(liam.userId);
      liam.socket.close();
      fac.socket.close();
    }
  });

  it("mid-meeting, without sending anything, gets none of the next state and leaves the room at once", async () => {
    const { fac, liam, meetingId } = await liamInAMeeting();
    const started = watchStates(liam.socket);
    await sendOk(fac.socket, meetingId, { type: "start" }); // Liam's access is known and kept now
    await sleep(100);
    expect(started.all.map((state) => state.position.stage)).toEqual(["opening"]);
    try {
      removeFromSet(liam.userId);
      const left = seenLeaving(fac.socket, liam.userId);
      const seen = watchStates(liam.socket);
      await sendOk(fac.socket, meetingId, { type: "setTimer", minutes: 6 });
      await left;
      await sleep(100);
      expect(seen.all).toEqual([]);
    } finally {
      restoreToSet(liam.userId);
      liam.socket.close();
      fac.socket.close();
    }
  });
});

describe("signing out", () => {
  it("drops the person's meeting sockets and the room sees them leave", async () => {
    const fac = await connectAs(app, DEMO.facilitator);
    const chloe = await connectAs(app, DEMO.chloe);
    const meetingId = insertMeeting(app);
    await joinOk(fac.socket, meetingId);
    await joinOk(chloe.socket, meetingId);
    const dropped = disconnected(chloe.socket);
    const left = seenLeaving(fac.socket, chloe.userId);
    const out = await fetch(`${app.base}/sign-out`, { method: "POST", headers: { Cookie: chloe.cookie, Origin: app.base }, redirect: "manual" });
    expect(out.status).toBe(302);
    expect(await dropped).toBe("io server disconnect");
    expect((await left).present).toEqual([fac.userId]);
    // The old cookie opens nothing.
    await expect(openSocket(app, { cookie: chloe.cookie })).rejects.toThrow("unauthorised");
    fac.socket.close();
  });
});
