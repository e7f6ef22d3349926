/**
 * The programme's evaluation and its research extract: figures by footprint
 * and month through the disclosure rule; the extract is a zip of CSV files
 * with a data dictionary and no person, set or meeting identifiers; every
 * export is audited; only admins and the advisory group get either.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, cohorts, footprints, meetingAttendance, users } from "~db/schema";
import { evaluationFigures, researchExtract } from "~/models/evaluation.server";
import * as extractRoute from "~/routes/evaluation.extract[.]zip";
import * as pageRoute from "~/routes/evaluation._index";
import { unzipText } from "~/server/zip.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";
import { DAY, makeAction, makeMeeting, makeReport, makeSet } from "../helpers/sets";

useTestApp();

const month = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toLocaleDateString("en-CA", { timeZone: "Europe/London" }).slice(0, 7);

/** A set of 8 that met twice: 8 actions at the first, 6 reported done and 2 partly at the second; attendance recorded. */
function world() {
  const place = makePlace();
  const set = makeSet(place.footprintId, { members: Array.from({ length: 8 }, (_, i) => `Evaluated Member ${i} ${place.footprintId.slice(0, 4)}`) });
  const first = makeMeeting(set.cohortId, Date.now() - 40 * DAY);
  const second = makeMeeting(set.cohortId, Date.now() - 10 * DAY);
  const actionIds = set.members.map((m, i) => makeAction({ cohortId: set.cohortId, meetingId: first, ownerId: m.id, text: `Private action text ${i} ${set.cohortId}` }));
  actionIds.forEach((actionId, i) => makeReport({ actionId, meetingId: second, status: i < 6 ? "done" : "partly", learned: "private learning", at: Date.now() - 10 * DAY }));
  for (const meetingId of [first, second]) {
    set.members.forEach((m, i) =>
      db()
        .insert(meetingAttendance)
        .values({ meetingId, userId: m.id, attended: i < 7 ? 1 : 0, confirmedBy: set.facilitator.id, confirmedAt: Date.now() })
        .run(),
    );
  }
  return { place, set, first, second, actionIds };
}

describe("evaluation figures", () => {
  it("count meetings, attendance, actions, done by the next meeting and meetings to completion, disclosed", () => {
    const w = world();
    const f = evaluationFigures({ from: month(60), to: month(0) }, Date.now());
    const name = db().select({ name: footprints.name }).from(footprints).where(eq(footprints.id, w.place.footprintId)).get()!.name;
    const mine = f.footprints.find((r) => r.footprint === name)!;
    // 2 meetings: "<8"; 16 places recorded, 14 attended: rounded 15 and 15 → 100%; 8 actions → 10; all 8 done or partly by the next meeting.
    expect(mine.meetingsHeld).toBe("<8");
    expect(mine.actionsCommitted).toBe("10");
    expect(mine.doneOrPartlyByNextMeeting).toBe("100%");
    // 6 done: fewer than 8, so no median.
    expect(mine.medianMeetingsToCompletion).toBe("not enough data");
    expect(JSON.stringify(f)).not.toMatch(/Private action text|private learning|Evaluated Member/);
  });
});

describe("the research extract", () => {
  it("is a zip of CSV files with a data dictionary, no identifiers, and is audited", () => {
    const w = world();
    const admin = makePerson({ roles: ["admin"] });
    const archive = researchExtract({ from: month(60), to: month(0) }, { id: admin.id, via: "page" });
    const files = unzipText(archive);
    expect([...files.keys()].sort()).toEqual([
      "README.txt",
      "alignment_footprint.csv",
      "data_dictionary.csv",
      "footprint_month.csv",
      "footprint_summary.csv",
      "themes_month.csv",
      "wellbeing_footprint_quarter.csv",
    ]);
    const everything = [...files.values()].join("\n");
    const people = db().select({ id: users.id, name: users.name, email: users.email }).from(users).all();
    const sets = db().select({ id: cohorts.id, name: cohorts.name }).from(cohorts).all();
    for (const secret of [...people.flatMap((p) => [p.id, p.name, p.email]), ...sets.flatMap((c) => [c.id, c.name]), w.first, w.second, ...w.actionIds, "Private action text", "private learning"]) {
      expect(everything).not.toContain(secret);
    }
    // Every count in the figures files is disclosed: 0, <8, [c] or a multiple of 5.
    for (const name of ["footprint_month.csv", "alignment_footprint.csv", "themes_month.csv", "wellbeing_footprint_quarter.csv"]) {
      const [header, ...lines] = files.get(name)!.replace(/^\uFEFF/, "").trim().split("\r\n");
      const columns = header.split(",").map((c) => c.replace(/^"|"$/g, ""));
      const countColumns = columns.flatMap((c, i) => (/^(footprint|month|theme_id|theme|quarter|arrival_median)$/.test(c) ? [] : [i]));
      for (const line of lines) {
        const cells = line.split('","').map((c) => c.replace(/^"|"$/g, ""));
        for (const i of countColumns) expect(cells[i], `${name}: ${columns[i]}`).toMatch(/^(0|<8|\[c\]|\d{1,3}(,\d{3})*[05]|not enough data)$/);
      }
    }
    expect(files.get("data_dictionary.csv")).toContain("median_meetings_to_completion");
    const audits = db().select().from(auditLog).where(eq(auditLog.action, "evaluation_extract_exported")).all();
    expect(audits.at(-1)).toMatchObject({ actorId: admin.id });
    expect(audits.at(-1)!.detail).not.toMatch(/Member|Private/);
  });

  it("the page and the download are for admins and the advisory group only", async () => {
    for (const [roles, status] of [
      [["admin"], 200],
      [["advisory"], 200],
      [["facilitator"], 403],
      [["clinical_lead"], 403],
    ] as const) {
      const person = makePerson({ roles: [...roles] });
      const cookie = await cookieFor(person.id);
      expect((await run(pageRoute.loader, makeRequest("/evaluation", { cookie }))).status).toBe(status);
      const download = await run(extractRoute.loader, makeRequest("/evaluation/extract.zip", { cookie }));
      expect(download.status).toBe(status);
      if (status === 200) {
        expect(download.headers.get("Content-Type")).toBe("application/zip");
        expect(unzipText(Buffer.from(await download.arrayBuffer())).has("data_dictionary.csv")).toBe(true);
      }
    }
    const page = await jsonOf(await run(pageRoute.loader, makeRequest("/evaluation?from=1999-01&to=nonsense", { cookie: await cookieFor(makePerson({ roles: ["admin"] }).id) })));
    expect(page.figures.months).toHaveLength(12);
  });

  it("comes from the command line too", () => {
    const dir = mkdtempSync(join(tmpdir(), "als-export-"));
    try {
      const out = join(dir, "extract.zip");
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", DATABASE_PATH: join(dir, "db.sqlite"), OUTBOX_DIR: join(dir, "outbox"), LOG_LEVEL: "silent", SEED_DEMO: "false" };
      const ok = spawnSync(process.execPath, ["--import", "tsx", "cli/als.ts", "export", "evaluation", "--from", "2026-01-01", "--to", "2026-06-30", "--out", out], { env, encoding: "utf8" });
      expect(ok.stderr).toContain("Wrote the research extract for 2026-01 to 2026-06");
      expect(ok.status).toBe(0);
      expect(unzipText(readFileSync(out)).get("README.txt")).toContain("Period: 2026-01 to 2026-06");
      const bad = spawnSync(process.execPath, ["--import", "tsx", "cli/als.ts", "export", "evaluation", "--from", "June", "--to", "2026-06"], { env, encoding: "utf8" });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/Give --from and --to as dates/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
