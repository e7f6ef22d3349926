import { describe, expect, it } from "vitest";
import { dueForReportBack, orderForOwner, orderHistory, refuseUpdate, statusAfter, updatesSinceLastMeeting } from "./action-history";

const entry = (id: string, reportedAt: number, meetingId: string | null) => ({ id, reportedAt, meetingId });

describe("statusAfter", () => {
  it("closes an action on done and dropped and keeps it open otherwise", () => {
    expect(statusAfter("done")).toBe("done");
    expect(statusAfter("dropped")).toBe("dropped");
    expect(statusAfter("partly")).toBe("open");
    expect(statusAfter("not_done")).toBe("open");
    expect(statusAfter("carried")).toBe("open");
  });
});

describe("refuseUpdate", () => {
  it("allows any report on an open action", () => {
    for (const s of ["done", "partly", "not_done"] as const) expect(refuseUpdate("open", s, "")).toBeNull();
    expect(refuseUpdate("open", "dropped", "Rota changed, no longer possible")).toBeNull();
  });
  it("asks why an action is dropped", () => {
    expect(refuseUpdate("open", "dropped", "   ")).toBe("Say why you are dropping this action");
  });
  it("refuses updates to a closed action", () => {
    expect(refuseUpdate("done", "partly", "")).toMatch(/is done, so it cannot be updated/);
    expect(refuseUpdate("dropped", "done", "")).toMatch(/is dropped, so it cannot be updated/);
  });
});

describe("history order", () => {
  it("reads oldest first, ties by id", () => {
    expect(orderHistory([entry("b", 2, null), entry("c", 1, "m"), entry("a", 2, "m")]).map((e) => e.id)).toEqual(["c", "a", "b"]);
  });
  it("finds the updates made since the last meeting's report", () => {
    const history = [entry("r1", 10, "m1"), entry("n1", 20, null), entry("n2", 30, null)];
    expect(updatesSinceLastMeeting(history).map((e) => e.id)).toEqual(["n1", "n2"]);
    expect(updatesSinceLastMeeting([...history, entry("r2", 40, "m2")])).toEqual([]);
    expect(updatesSinceLastMeeting([entry("n0", 5, null)]).map((e) => e.id)).toEqual(["n0"]);
    expect(updatesSinceLastMeeting([])).toEqual([]);
  });
  it("brings an action closed between meetings to the next report-back, once", () => {
    expect(dueForReportBack("open", [])).toBe(true);
    expect(dueForReportBack("done", [entry("n1", 20, null)])).toBe(true);
    expect(dueForReportBack("done", [entry("n1", 20, null), entry("r1", 30, "m2")])).toBe(false);
    expect(dueForReportBack("dropped", [entry("r1", 30, "m2")])).toBe(false);
  });
});

describe("orderForOwner", () => {
  it("puts open actions first, newest first within each group", () => {
    const items = [
      { id: "a", status: "done" as const, createdAt: 30 },
      { id: "b", status: "open" as const, createdAt: 10 },
      { id: "c", status: "open" as const, createdAt: 20 },
      { id: "d", status: "dropped" as const, createdAt: 40 },
    ];
    expect(orderForOwner(items).map((i) => i.id)).toEqual(["c", "b", "d", "a"]);
  });
});
