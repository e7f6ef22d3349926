/**
 * Group commit (app/models/live-meetings.server.ts `applyCommands`): the
 * commands that arrive together are committed in one transaction, each in its
 * own savepoint. A later command builds on an earlier one of the same
 * meeting; a refused, repeated or failing command leaves nothing behind and
 * does not stop the others; a failed commit saves none of them and leaves the
 * process's idea of each meeting where the database is.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { liveEvents, liveMeetings } from "~db/schema";
import type { Command, MeetingState } from "~/domain/live/types";
import { applyCommand, applyCommands, loadOrCreateLiveMeeting, type LiveCommandInput } from "~/models/live-meetings.server";
import { services } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { db, makePlace, useTestApp } from "../helpers/app";
import { makeMeeting, makeSet } from "../helpers/sets";

useTestApp();

function world() {
  const set = makeSet(makePlace().footprintId);
  const [priya, tom] = set.members;
  const meetingId = makeMeeting(set.cohortId, Date.now() + 5 * 60_000);
  const fac = { userId: set.facilitator.id, role: "facilitator" as const };
  const member = (id: string) => ({ userId: id, role: "member" as const });
  const input = (command: Command, actor: LiveCommandInput["actor"] = fac, opId = newId()): LiveCommandInput => ({ meetingId, opId, command, actor, now: Date.now() });
  return { ...set, priya, tom, meetingId, fac, member, input };
}

const stored = (meetingId: string) => {
  const row = db().select().from(liveMeetings).where(eq(liveMeetings.meetingId, meetingId)).get();
  return row && { version: row.version, state: JSON.parse(row.state) as MeetingState };
};
const events = (meetingId: string) =>
  db().select({ opId: liveEvents.opId, version: liveEvents.version, type: liveEvents.type }).from(liveEvents).where(eq(liveEvents.meetingId, meetingId)).orderBy(liveEvents.version).all();
const okState = (r: ReturnType<typeof applyCommands>[number]) => {
  if (!r.ok || r.duplicate) throw new Error(`expected an applied command, got ${JSON.stringify(r)}`);
  return r.state;
};

describe("commands committed together", () => {
  it("build on each other in order, one version each, and the stored state is the last one", () => {
    const w = world();
    const results = applyCommands([
      w.input({ type: "start" }),
      w.input({ type: "acceptAgreement" }, w.member(w.priya.id)),
      w.input({ type: "raiseHand" }, w.member(w.priya.id)),
      w.input({ type: "setTimer", minutes: 7 }),
    ]);
    const versions = results.map((r) => okState(r).version);
    expect(versions).toEqual([1, 2, 3, 4]);
    const last = okState(results[3]);
    expect(last.hands).toEqual([w.priya.id]);
    expect(last.agreed).toEqual([w.priya.id]);
    expect(stored(w.meetingId)).toEqual({ version: 4, state: last });
    expect(events(w.meetingId).map((e) => [e.version, e.type])).toEqual([
      [1, "start"],
      [2, "acceptAgreement"],
      [3, "raiseHand"],
      [4, "setTimer"],
    ]);
    // And the next command, on its own, carries on from there.
    expect(okState(applyCommand(w.input({ type: "lowerHand" }, w.member(w.priya.id)))).version).toBe(5);
  });

  it("a refused command in the middle leaves nothing and does not stop the others", () => {
    const w = world();
    const results = applyCommands([
      w.input({ type: "start" }),
      w.input({ type: "start" }), // already started: the machine refuses it
      w.input({ type: "acceptAgreement" }, w.member(w.tom.id)),
    ]);
    expect(results[0].ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, reason: expect.any(String) });
    expect(okState(results[2]).version).toBe(2);
    expect(events(w.meetingId).map((e) => e.type)).toEqual(["start", "acceptAgreement"]);
    expect(stored(w.meetingId)?.version).toBe(2);
  });

  it("a repeated opId in the same commit answers with the first one's version and applies once", () => {
    const w = world();
    const start = w.input({ type: "start" });
    const results = applyCommands([start, w.input({ type: "acceptAgreement" }, w.member(w.priya.id)), { ...start }]);
    expect(okState(results[0]).version).toBe(1);
    expect(results[2]).toEqual({ ok: true, version: 1, duplicate: true });
    expect(events(w.meetingId)).toHaveLength(2);
    expect(stored(w.meetingId)?.version).toBe(2);
  });

  it("keeps commands of different meetings apart", () => {
    const a = world();
    const b = world();
    const results = applyCommands([a.input({ type: "start" }), b.input({ type: "start" }), a.input({ type: "setTimer", minutes: 3 })]);
    expect(results.map((r) => okState(r).meetingId)).toEqual([a.meetingId, b.meetingId, a.meetingId]);
    expect(stored(a.meetingId)?.version).toBe(2);
    expect(stored(b.meetingId)?.version).toBe(1);
  });

  it("a command the database fails is not saved, and the rest of the commit is", () => {
    const w = world();
    const sqlite = services().conn.sqlite;
    const boom = "op-that-fails";
    sqlite.exec(`CREATE TEMP TRIGGER fail_one BEFORE INSERT ON main.live_events WHEN NEW.op_id = '${boom}' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    try {
      const results = applyCommands([
        w.input({ type: "start" }),
        w.input({ type: "acceptAgreement" }, w.member(w.priya.id), boom),
        w.input({ type: "acceptAgreement" }, w.member(w.tom.id)),
      ]);
      expect(okState(results[0]).version).toBe(1);
      expect(results[1]).toMatchObject({ ok: false, failure: expect.any(Error) });
      const last = okState(results[2]);
      expect(last.version).toBe(2);
      expect(last.agreed).toEqual([w.tom.id]); // Priya's agreement went with her failed command
      expect(stored(w.meetingId)).toEqual({ version: 2, state: last });
      // Alone, the same failure is thrown to the caller.
      expect(() => applyCommand(w.input({ type: "acceptAgreement" }, w.member(w.priya.id), boom))).toThrow("disk trouble");
      expect(stored(w.meetingId)?.version).toBe(2);
    } finally {
      sqlite.exec("DROP TRIGGER temp.fail_one");
    }
  });

  it("a commit that fails saves none of them, and the next command starts from what the database holds", () => {
    const w = world();
    expect(okState(applyCommand(w.input({ type: "start" }))).version).toBe(1);
    const sqlite = services().conn.sqlite;
    // A deferred foreign key is checked at COMMIT: this makes the COMMIT itself fail.
    sqlite.exec(`
      CREATE TEMP TABLE commit_parent (id TEXT PRIMARY KEY);
      CREATE TEMP TABLE commit_child (parent_id TEXT REFERENCES commit_parent (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TEMP TRIGGER fail_commit AFTER INSERT ON main.live_events WHEN NEW.op_id = 'op-commit-fails'
      BEGIN INSERT INTO commit_child VALUES ('nobody'); END;
    `);
    try {
      expect(() =>
        applyCommands([
          w.input({ type: "acceptAgreement" }, w.member(w.priya.id)),
          w.input({ type: "acceptAgreement" }, w.member(w.tom.id), "op-commit-fails"),
        ]),
      ).toThrow(/FOREIGN KEY/);
      expect(sqlite.inTransaction).toBe(false);
      expect(stored(w.meetingId)?.version).toBe(1);
      expect(events(w.meetingId)).toHaveLength(1);
    } finally {
      sqlite.exec("DROP TRIGGER temp.fail_commit; DROP TABLE temp.commit_child; DROP TABLE temp.commit_parent;");
    }
    // Not 2 or 3 from the rolled-back commit: version 2 again, without Priya's agreement.
    const next = okState(applyCommand(w.input({ type: "acceptAgreement" }, w.member(w.tom.id))));
    expect(next.version).toBe(2);
    expect(next.agreed).toEqual([w.tom.id]);
    expect(loadOrCreateLiveMeeting(w.meetingId)).toEqual(next);
  });
});
