/**
 * A server restarted mid-meeting resumes exactly where it was: nothing but
 * presence lives only in memory. (Its own file: the app's services are one
 * per process, so only one server may run here at a time.)
 */
import { rmSync } from "node:fs";
import { join as joinPath } from "node:path";
import { describe, expect, it } from "vitest";
import type { MeetingState } from "~/domain/live/types";
import { startBuiltServer, type RunningServer } from "../helpers/server";
import { DEMO, advanceTo, connectAs, disconnected, freshOpId, insertMeeting, joinOk, send, sendOk, stored, watchStates } from "../helpers/live";

describe("a server restarted mid-meeting", () => {
  it("serves the same state from the database, with the committed action saved", async () => {
    const first = await startBuiltServer({ SIGN_IN_LIMIT_PER_IP: "1000" });
    const databasePath = joinPath(first.dir, "app.sqlite");
    let second: RunningServer | null = null;
    let firstOpen = true;
    try {
      const fac = await connectAs(first, DEMO.facilitator);
      const lead = await connectAs(first, DEMO.lead);
      const meetingId = insertMeeting(first);
      await joinOk(fac.socket, meetingId);
      await joinOk(lead.socket, meetingId);
      await sendOk(lead.socket, meetingId, { type: "acceptAgreement" });
      await sendOk(fac.socket, meetingId, { type: "start" });
      await advanceTo(fac.socket, meetingId, "bids", first);
      await sendOk(lead.socket, meetingId, { type: "setBid", text: "Handling a difficult colleague" });
      await sendOk(fac.socket, meetingId, { type: "setPresenters", presenters: [{ userId: lead.userId, airtimeMinutes: 20 }] });
      for (let i = 0; i < 20 && stored(first, meetingId).state?.position.step !== "commit"; i++) {
        await sendOk(fac.socket, meetingId, { type: "advance" });
      }
      const opId = freshOpId();
      await sendOk(lead.socket, meetingId, { type: "proposeAction", text: "Ask for a facilitated conversation" }, opId);
      const states = watchStates(lead.socket);
      const lastVersion = await sendOk(fac.socket, meetingId, { type: "setTimer", minutes: 8 });
      const beforeRestart: MeetingState = await states.until(lastVersion);
      expect(beforeRestart.actions).toHaveLength(1);

      const dropped = disconnected(lead.socket);
      firstOpen = false;
      await first.server.close(); // the process goes away; the files stay
      await dropped;

      second = await startBuiltServer({ SIGN_IN_LIMIT_PER_IP: "1000", DATABASE_PATH: databasePath });
      const fac2 = await connectAs(second, DEMO.facilitator);
      const lead2 = await connectAs(second, DEMO.lead);
      const snap = await joinOk(lead2.socket, meetingId);
      expect(snap.state.version).toBe(lastVersion);
      expect(snap.state).toEqual(beforeRestart);
      expect(
        second.server.services.conn.sqlite.prepare("select owner_id, meeting_id, text, status from actions where id = ?").get(beforeRestart.actions[0].actionId),
      ).toEqual({ owner_id: lead.userId, meeting_id: meetingId, text: "Ask for a facilitated conversation", status: "open" });
      // A retry of a command acknowledged before the restart still applies once.
      expect(await send(lead2.socket, meetingId, { type: "proposeAction", text: "Ask for a facilitated conversation" }, opId)).toMatchObject({ ok: true });
      expect(stored(second, meetingId).version).toBe(lastVersion);
      // And the meeting carries on from there.
      await joinOk(fac2.socket, meetingId);
      expect(await sendOk(fac2.socket, meetingId, { type: "advance" })).toBe(lastVersion + 1);
      fac2.socket.close();
      lead2.socket.close();
    } finally {
      if (firstOpen) await first.server.close();
      await second?.stop();
      rmSync(first.dir, { recursive: true, force: true });
    }
  });
});
