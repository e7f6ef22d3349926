/**
 * Commands racing each other: a retried opId applies once even when the
 * copies arrive together from two sockets; concurrent different commands
 * never lose an update; a flood from one person is refused by the rate
 * limit while everyone else carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltServer, type RunningServer } from "../helpers/server";
import { DEMO, TOO_MANY, connectAs, freshOpId, insertMeeting, joinOk, send, sendOk, sleep, stored, watchStates } from "../helpers/live";

let app: RunningServer;
let fac: Awaited<ReturnType<typeof connectAs>>;
let facAgain: Awaited<ReturnType<typeof connectAs>>;
const members: Array<Awaited<ReturnType<typeof connectAs>>> = [];

beforeAll(async () => {
  app = await startBuiltServer({ SIGN_IN_LIMIT_PER_IP: "1000" });
  fac = await connectAs(app, DEMO.facilitator);
  // The same facilitator in a second browser: a second session, a second socket.
  facAgain = await connectAs(app, DEMO.facilitator);
  for (const email of [DEMO.lead, DEMO.daniel, DEMO.chloe]) members.push(await connectAs(app, email));
});
afterAll(async () => {
  for (const s of [fac, facAgain, ...members]) s?.socket.close();
  await app?.stop();
});

async function runningMeeting() {
  const meetingId = insertMeeting(app);
  for (const s of [fac, facAgain, ...members]) await joinOk(s.socket, meetingId);
  for (const m of members) await sendOk(m.socket, meetingId, { type: "acceptAgreement" });
  await sendOk(fac.socket, meetingId, { type: "start" });
  return meetingId;
}

describe("the same opId", () => {
  it("sent at the same moment from two sockets applies once", async () => {
    const meetingId = await runningMeeting();
    const before = stored(app, meetingId);
    const opId = freshOpId();
    const [a, b] = await Promise.all([
      send(fac.socket, meetingId, { type: "advance" }, opId),
      send(facAgain.socket, meetingId, { type: "advance" }, opId),
    ]);
    expect(a).toEqual({ ok: true, value: { version: before.version + 1 } });
    expect(b).toEqual({ ok: true, value: { version: before.version + 1 } });
    const after = stored(app, meetingId);
    expect(after.version).toBe(before.version + 1);
    expect(after.events).toBe(before.events + 1);
    expect(app.server.services.conn.sqlite.prepare("select count(*) as n from live_events where meeting_id = ? and op_id = ?").get(meetingId, opId)).toEqual({ n: 1 });
  });

  it("retried after its ack answers the first result and changes nothing", async () => {
    const meetingId = await runningMeeting();
    const opId = freshOpId();
    const first = await sendOk(fac.socket, meetingId, { type: "advance" }, opId);
    await sendOk(fac.socket, meetingId, { type: "setTimer", minutes: 7 });
    const before = stored(app, meetingId);
    const states = watchStates(members[0].socket);
    expect(await send(fac.socket, meetingId, { type: "advance" }, opId)).toEqual({ ok: true, value: { version: first } });
    expect(stored(app, meetingId)).toEqual(before);
    await sleep(100);
    // Nothing new was broadcast (an earlier command's broadcast may still be arriving at this other socket).
    expect(states.all.filter((s) => s.version > before.version)).toEqual([]);
  });

  it("is per meeting: the same opId in another meeting is a new command", async () => {
    const one = await runningMeeting();
    const two = await runningMeeting();
    const opId = freshOpId();
    await sendOk(fac.socket, one, { type: "setTimer", minutes: 3 }, opId);
    const before = stored(app, two).version;
    expect(await sendOk(fac.socket, two, { type: "setTimer", minutes: 3 }, opId)).toBe(before + 1);
  });
});

describe("different commands at the same moment", () => {
  it("never lose an update: the final version counts every success, each with its own version", async () => {
    const meetingId = await runningMeeting();
    const before = stored(app, meetingId);
    const watcher = watchStates(members[0].socket);
    // Each sender has seen a state that includes its command by the time it is answered (they are committed together).
    const mine = members.map((m) => watchStates(m.socket));
    const seenAtAck = (i: number, type: "raiseHand" | "markReady") =>
      send(members[i].socket, meetingId, { type }).then((reply) => {
        if (reply.ok) expect(mine[i].latest()?.version ?? -1).toBeGreaterThanOrEqual(reply.value.version);
        return reply;
      });
    const replies = await Promise.all([
      send(fac.socket, meetingId, { type: "advance" }),
      send(facAgain.socket, meetingId, { type: "advance" }),
      send(fac.socket, meetingId, { type: "extendTimer", minutes: 1 }),
      send(facAgain.socket, meetingId, { type: "extendTimer", minutes: 2 }),
      ...members.map((_, i) => seenAtAck(i, "raiseHand")),
      ...members.map((_, i) => seenAtAck(i, "markReady")),
    ]);
    const versions = replies.flatMap((r) => (r.ok ? [r.value.version] : []));
    expect(versions.length).toBeGreaterThan(4);
    expect(new Set(versions).size).toBe(versions.length);
    const after = stored(app, meetingId);
    expect(after.version).toBe(before.version + versions.length);
    expect(after.events).toBe(before.events + versions.length);
    // Broadcasts arrive in version order, ending at the stored state.
    const last = await watcher.until(after.version);
    expect(last).toEqual(after.state);
    const seen = watcher.all.map((s) => s.version);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });
});

describe("a flood from one person", () => {
  it("is refused by the rate limit, and someone else's command in the middle is answered at once", async () => {
    const meetingId = await runningMeeting();
    const flooder = members[1];
    await sleep(1100); // a full allowance for everyone
    const before = stored(app, meetingId);

    const flood: Array<Promise<Awaited<ReturnType<typeof send>>>> = [];
    let other: Promise<{ ms: number; reply: Awaited<ReturnType<typeof send>> }> | null = null;
    for (let i = 0; i < 1000; i++) {
      flood.push(send(flooder.socket, meetingId, { type: i % 2 === 0 ? "raiseHand" : "lowerHand" }));
      if (i === 500) {
        const sentAt = Date.now();
        other = send(fac.socket, meetingId, { type: "setTimer", minutes: 4 }).then((reply) => ({ ms: Date.now() - sentAt, reply }));
      }
    }
    const { ms, reply } = await other!;
    expect(reply.ok).toBe(true);
    expect(ms).toBeLessThan(1000);

    const replies = await Promise.all(flood);
    const limited = replies.filter((r) => !r.ok && r.error === TOO_MANY).length;
    const applied = replies.filter((r) => r.ok).length;
    expect(limited).toBeGreaterThan(900);
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(60);
    // Nothing lost, nothing extra: the flood's successes plus the other person's command.
    expect(stored(app, meetingId).version).toBe(before.version + applied + 1);

    // The server is still answering everyone, the flooder included once they slow down.
    expect((await members[0].socket.emitWithAck("clock:sync", { clientSentAt: 1 })).ok).toBe(true);
    await sleep(1100);
    expect((await send(flooder.socket, meetingId, { type: "markReady" })).ok).toBe(true);
  });
});
