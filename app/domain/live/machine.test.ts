import { describe, expect, it } from "vitest";
import { positionLabel, whatComesNext } from "./describe";
import { apply, initialState, stageDefaults } from "./machine";
import { CommandSchema, FACILITATOR_COMMANDS, LIMITS, type Actor, type Command, type MeetingState, type Position } from "./types";

// ---- fixtures -------------------------------------------------------------------

const MIN = 60_000;
const T0 = Date.UTC(2025, 5, 12, 9, 0); // a fixed "now"; the machine never reads the clock

const FACILITATORS = [
  { userId: "f1", name: "Fiona" },
  { userId: "f2", name: "Gareth" },
];
const MEMBERS = [
  { userId: "sarah", name: "Sarah" },
  { userId: "tom", name: "Tom" },
  { userId: "priya", name: "Priya" },
  { userId: "sam", name: "Sam" },
  { userId: "aisha", name: "Aisha" },
  { userId: "ben", name: "Ben" },
];
const OPEN_ACTIONS = [
  { actionId: "old-1", ownerId: "sarah", text: "Meet the ward manager about handover" },
  { actionId: "old-2", ownerId: "tom", text: "Shadow the discharge team" },
];

const fac: Actor = { userId: "f1", role: "facilitator" };
const cofac: Actor = { userId: "f2", role: "facilitator" };
const m = (userId: string): Actor => ({ userId, role: "member" });

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

let op = 0;
/** Applies a command that must succeed, to a deep-frozen copy of the input (so any mutation throws). */
function ok(state: MeetingState, command: Command, actor: Actor = fac, now = T0): MeetingState {
  const input = deepFreeze(structuredClone(state));
  const outcome = apply(input, command, actor, { now, opId: `op-${++op}` });
  if (!outcome.ok) throw new Error(`expected ${command.type} by ${actor.userId} to succeed, got: ${outcome.reason}`);
  expect(outcome.state.version).toBe(state.version + 1);
  return outcome.state;
}

/** Applies a command that must be refused; returns the reason. */
function no(state: MeetingState, command: Command, actor: Actor = fac, now = T0): string {
  const input = deepFreeze(structuredClone(state));
  const outcome = apply(input, command, actor, { now, opId: `op-${++op}` });
  if (outcome.ok) throw new Error(`expected ${command.type} by ${actor.userId} to be refused`);
  expect(outcome.reason).toMatch(/^[A-Z]/);
  return outcome.reason;
}

const fresh = (members = MEMBERS, openActions = OPEN_ACTIONS) =>
  initialState({ meetingId: "meeting-1", facilitators: FACILITATORS, members, openActions });

/** Started, with these members having accepted the agreement (all by default). */
function opened(agreed: string[] = MEMBERS.map((p) => p.userId)): MeetingState {
  let s = ok(fresh(), { type: "start" });
  for (const id of agreed) s = ok(s, { type: "acceptAgreement" }, m(id));
  return s;
}

/** Facilitator presses "Next" until the meeting reaches `stage`. */
function until(state: MeetingState, stage: MeetingState["position"]["stage"]): MeetingState {
  let s = state;
  for (let i = 0; i < 50 && s.position.stage !== stage; i++) s = ok(s, { type: "advance" });
  expect(s.position.stage).toBe(stage);
  return s;
}

/** In airtime for the first presenter, at the `present` step. */
function inAirtime(presenters = [{ userId: "priya", airtimeMinutes: 40 }, { userId: "sam", airtimeMinutes: 20 }]) {
  let s = until(opened(), "bids");
  s = ok(s, { type: "setPresenters", presenters });
  s = ok(s, { type: "advance" });
  expect(s.position).toEqual({ stage: "airtime", presenterIndex: 0, step: "present" });
  return s;
}

/** Advance through airtime steps to `step` of the current presenter. */
function toStep(state: MeetingState, step: Position["step"]): MeetingState {
  let s = state;
  for (let i = 0; i < 30 && s.position.step !== step; i++) s = ok(s, { type: "advance" });
  expect(s.position.step).toBe(step);
  return s;
}

const speaker = (s: MeetingState) => (s.round && s.round.index < s.round.order.length ? s.round.order[s.round.index] : null);

// A sample of every command, for the role and "ended" tables.
const SAMPLE: Record<Command["type"], Command> = {
  start: { type: "start" },
  advance: { type: "advance" },
  back: { type: "back" },
  skip: { type: "skip" },
  setTimer: { type: "setTimer", minutes: 5 },
  extendTimer: { type: "extendTimer", minutes: 2 },
  pauseTimer: { type: "pauseTimer" },
  resumeTimer: { type: "resumeTimer" },
  setPresenters: { type: "setPresenters", presenters: [{ userId: "priya", airtimeMinutes: 30 }] },
  giveTurn: { type: "giveTurn", userId: "tom" },
  stopSet: { type: "stopSet" },
  resumeSet: { type: "resumeSet" },
  end: { type: "end" },
  writeActionFor: { type: "writeActionFor", userId: "priya", text: "Talk to pharmacy" },
  acceptAgreement: { type: "acceptAgreement" },
  raiseHand: { type: "raiseHand" },
  lowerHand: { type: "lowerHand" },
  pass: { type: "pass" },
  markReady: { type: "markReady" },
  setBid: { type: "setBid", text: "How do I get buy-in for a new rota?" },
  withdrawBid: { type: "withdrawBid" },
  proposeAction: { type: "proposeAction", text: "Book a meeting with the medical director" },
  confirmAction: { type: "confirmAction", actionId: "a-1" },
  reportBack: { type: "reportBack", actionId: "old-1", status: "done", learned: "Ask early", obstacles: "Rota" },
};
const ALL = Object.values(SAMPLE);
const MEMBER_COMMANDS = ALL.filter((c) => !FACILITATOR_COMMANDS.includes(c.type));

// ---- the tests ------------------------------------------------------------------

describe("initialState", () => {
  it("is a lobby with nothing in it", () => {
    const s = fresh();
    expect(s).toMatchObject({
      meetingId: "meeting-1",
      version: 0,
      position: { stage: "lobby", presenterIndex: null, step: null },
      trail: [],
      startedAt: null,
      endedAt: null,
      agreed: [],
      round: null,
      hands: [],
      ready: [],
      stopped: null,
      timer: { state: "off" },
      reports: [],
      bids: [],
      presenters: [],
      actions: [],
      announcement: null,
    });
    expect(s.members).toEqual(MEMBERS);
    expect(s.members).not.toBe(MEMBERS);
    expect(s.openActions).toEqual(OPEN_ACTIONS);
  });
});

describe("who may send what", () => {
  it.each(FACILITATOR_COMMANDS.map((t) => [t]))("a member cannot send %s", (type) => {
    expect(no(opened(), SAMPLE[type], m("sarah"))).toMatch(/^Only a facilitator can/);
  });

  it("says 'Only a facilitator can move the meeting on' for moving commands", () => {
    for (const type of ["start", "advance", "back", "skip", "end", "giveTurn"] as const) {
      expect(no(opened(), SAMPLE[type], m("sarah"))).toBe("Only a facilitator can move the meeting on");
    }
  });

  it.each(MEMBER_COMMANDS.filter((c) => c.type !== "acceptAgreement").map((c) => [c.type, c]))(
    "a facilitator cannot send the member command %s",
    (_t, command) => {
      expect(no(opened(), command, fac)).toBe("Only members of the set can do that");
    },
  );

  it("a facilitator is not asked to accept the agreement", () => {
    expect(no(fresh(), { type: "acceptAgreement" }, fac)).toBe("Facilitators are not asked to accept the agreement");
  });

  it("refuses people who are not in the meeting", () => {
    expect(no(opened(), { type: "raiseHand" }, m("stranger"))).toBe("You are not a member of this set");
    expect(no(opened(), { type: "advance" }, { userId: "stranger", role: "facilitator" })).toBe("You are not a facilitator of this meeting");
    // A member cannot claim the facilitator role.
    expect(no(opened(), { type: "advance" }, { userId: "sarah", role: "facilitator" })).toBe("You are not a facilitator of this meeting");
    // A facilitator id with the member role is not a member either.
    expect(no(opened(), { type: "raiseHand" }, m("f1"))).toBe("You are not a member of this set");
  });

  it("a co-facilitator runs the meeting too", () => {
    const s = ok(opened(), { type: "advance" }, cofac);
    expect(s.position.stage).toBe("check_in");
  });
});

describe("the confidentiality agreement", () => {
  it("can be accepted in the lobby and later, once", () => {
    let s = ok(fresh(), { type: "acceptAgreement" }, m("sarah"));
    expect(s.agreed).toEqual(["sarah"]);
    expect(no(s, { type: "acceptAgreement" }, m("sarah"))).toBe("You have already accepted");
    s = until(ok(s, { type: "start" }), "bids");
    s = ok(s, { type: "acceptAgreement" }, m("tom"));
    expect(s.agreed).toEqual(["sarah", "tom"]);
  });

  it.each(MEMBER_COMMANDS.filter((c) => c.type !== "acceptAgreement").map((c) => [c.type, c]))(
    "a member who has not accepted cannot send %s",
    (_t, command) => {
      const s = opened(["sarah"]);
      expect(no(s, command, m("tom"))).toBe("Accept the confidentiality agreement first");
    },
  );
});

describe("the lobby", () => {
  it("only allows start and accepting the agreement", () => {
    const lobby = ok(fresh(), { type: "acceptAgreement" }, m("sarah"));
    for (const command of ALL.filter((c) => c.type !== "start" && c.type !== "acceptAgreement")) {
      const actor = FACILITATOR_COMMANDS.includes(command.type) ? fac : m("sarah");
      expect(no(lobby, command, actor)).toBe("The meeting has not started yet");
    }
  });

  it("start opens the meeting with a five-minute timer", () => {
    const s = ok(fresh(), { type: "start" }, fac, T0);
    expect(s.position).toEqual({ stage: "opening", presenterIndex: null, step: null });
    expect(s.startedAt).toBe(T0);
    expect(s.timer).toEqual({ state: "running", deadline: T0 + 5 * MIN, durationMs: 5 * MIN });
    expect(s.announcement).toEqual({ text: "Opening", at: T0 });
    expect(s.trail).toEqual([]);
    expect(no(s, { type: "start" })).toBe("The meeting has already started");
  });
});

describe("advance through the stages", () => {
  it("walks opening → check-in → progress reports → bids → process review (no presenters) → check-out, and stops there", () => {
    let s = opened();
    const seen: string[] = [s.position.stage];
    while (s.position.stage !== "check_out") {
      s = ok(s, { type: "advance" });
      if (seen[seen.length - 1] !== s.position.stage) seen.push(s.position.stage);
    }
    expect(seen).toEqual(["opening", "check_in", "progress_reports", "bids", "process_review", "check_out"]);
    // Go to the last speaker, then Next is refused.
    s = ok(s, { type: "giveTurn", userId: "ben" });
    expect(no(s, { type: "advance" })).toBe("Use End meeting to finish");
    expect(no(s, { type: "skip" })).toBe("Use End meeting to finish");
  });

  it("every stage change pushes where the meeting was onto the trail", () => {
    let s = ok(opened(), { type: "advance" });
    expect(s.trail).toEqual([{ stage: "opening", presenterIndex: null, step: null }]);
    s = ok(s, { type: "skip" });
    expect(s.trail.map((p) => p.stage)).toEqual(["opening", "check_in"]);
  });

  it("a double advance gives two steps, each moving the version on by one", () => {
    const s0 = opened();
    const s1 = ok(s0, { type: "advance" });
    const s2 = ok(s1, { type: "advance" });
    expect([s0.version, s1.version, s2.version]).toEqual([s0.version, s0.version + 1, s0.version + 2]);
    expect(s1.position.stage).toBe("check_in");
    expect(speaker(s1)).toBe("sarah");
    expect(speaker(s2)).toBe("tom");
  });
});

describe("stage change side effects", () => {
  it("clears hands and ready, starts the stage's timer and announces it", () => {
    let s = opened();
    s = ok(s, { type: "raiseHand" }, m("tom"));
    s = ok(s, { type: "markReady" }, m("sarah"));
    s = ok(s, { type: "advance" }, fac, T0 + 7 * MIN);
    expect(s.hands).toEqual([]);
    expect(s.ready).toEqual([]);
    expect(s.timer).toEqual({ state: "running", deadline: T0 + 7 * MIN + 12 * MIN, durationMs: 12 * MIN }); // 2 × 6 members
    expect(s.announcement).toEqual({ text: "Check-in: Sarah's turn", at: T0 + 7 * MIN });
  });

  it("uses each stage's default minutes", () => {
    const s = opened();
    const def = (p: Position, state = s) => stageDefaults(state, p);
    const at = (stage: Position["stage"]): Position => ({ stage, presenterIndex: null, step: null });
    expect(def(at("opening"))).toBe(5);
    expect(def(at("check_in"))).toBe(12);
    expect(def(at("check_in"), opened(["sarah"]))).toBe(2); // min 2
    expect(def(at("progress_reports"))).toBe(6); // 3 × 2 open actions
    expect(def(at("progress_reports"), { ...s, openActions: [] })).toBe(3); // min 3
    expect(def(at("bids"))).toBe(10);
    expect(def(at("process_review"))).toBe(10);
    expect(def(at("check_out"))).toBe(6);
    expect(def(at("check_out"), opened(["sarah"]))).toBe(2); // min 2
    const withPresenters = { ...s, presenters: [{ userId: "priya", airtimeMinutes: 40 }, { userId: "sam", airtimeMinutes: 5 }] };
    const steps = ["present", "clarifying", "open_questions", "reflect", "commit"] as const;
    expect(steps.map((step) => def({ stage: "airtime", presenterIndex: 0, step }, withPresenters))).toEqual([10, 6, 14, 4, 6]);
    // 5 minutes: 1.25, 0.75, 1.75, 0.5, 0.75 → rounded, at least 1
    expect(steps.map((step) => def({ stage: "airtime", presenterIndex: 1, step }, withPresenters))).toEqual([1, 1, 2, 1, 1]);
  });

  it("announces airtime steps with the presenter's name", () => {
    let s = inAirtime();
    expect(s.announcement?.text).toBe("Airtime for Priya: presenting");
    expect(s.timer).toMatchObject({ state: "running", durationMs: 10 * MIN });
    s = ok(s, { type: "advance" });
    expect(s.announcement?.text).toBe("Airtime for Priya: clarifying questions");
    s = ok(s, { type: "advance" });
    expect(s.announcement?.text).toBe("Airtime for Priya: open questions, Sarah's turn");
  });
});

describe("rounds", () => {
  it("check-in goes round the members who accepted, in member order", () => {
    let s = ok(opened(["ben", "tom", "sarah"]), { type: "advance" });
    expect(s.round).toEqual({ order: ["sarah", "tom", "ben"], index: 0, passed: [] });
    s = ok(s, { type: "advance" });
    expect(speaker(s)).toBe("tom");
    expect(s.announcement?.text).toBe("Check-in: Tom's turn");
    expect(s.trail).toHaveLength(1); // handing the turn on is not a stage change
    s = ok(s, { type: "advance" });
    expect(speaker(s)).toBe("ben");
    s = ok(s, { type: "advance" }); // the last speaker is done: on to the next stage
    expect(s.position.stage).toBe("progress_reports");
    expect(s.round).toBeNull();
  });

  it("with nobody to go round, there is no round", () => {
    const s = ok(opened([]), { type: "advance" });
    expect(s.position.stage).toBe("check_in");
    expect(s.round).toBeNull();
    expect(s.announcement?.text).toBe("Check-in");
    expect(ok(s, { type: "advance" }).position.stage).toBe("progress_reports");
  });

  it("the speaker's pass records them and moves on; markReady moves on without recording", () => {
    let s = ok(opened(["sarah", "tom", "priya"]), { type: "advance" });
    s = ok(s, { type: "pass" }, m("sarah"));
    expect(s.round).toEqual({ order: ["sarah", "tom", "priya"], index: 1, passed: ["sarah"] });
    expect(s.announcement?.text).toBe("Sarah passed. Check-in: Tom's turn");
    s = ok(s, { type: "markReady" }, m("tom"));
    expect(s.round).toEqual({ order: ["sarah", "tom", "priya"], index: 2, passed: ["sarah"] });
    expect(s.ready).toEqual([]);
    s = ok(s, { type: "pass" }, m("priya"));
    // The round stays at its end until the facilitator moves on.
    expect(s.round).toEqual({ order: ["sarah", "tom", "priya"], index: 3, passed: ["sarah", "priya"] });
    expect(s.position.stage).toBe("check_in");
    expect(s.announcement?.text).toBe("Priya passed. Check-in: everyone has had a turn");
    expect(no(s, { type: "pass" }, m("priya"))).toBe("It is not your turn");
    s = ok(s, { type: "advance" });
    expect(s.position.stage).toBe("progress_reports");
  });

  it("refuses a pass from someone whose turn it is not", () => {
    const s = ok(opened(), { type: "advance" });
    expect(no(s, { type: "pass" }, m("tom"))).toBe("It is not your turn");
  });

  it("markReady from someone who is not speaking marks them ready", () => {
    const s = ok(ok(opened(), { type: "advance" }), { type: "markReady" }, m("ben"));
    expect(s.ready).toEqual(["ben"]);
    expect(speaker(s)).toBe("sarah");
  });

  it("giveTurn sets the speaker to someone in the round", () => {
    let s = ok(opened(), { type: "advance" });
    s = ok(s, { type: "giveTurn", userId: "aisha" });
    expect(speaker(s)).toBe("aisha");
    expect(s.announcement?.text).toBe("Check-in: Aisha's turn");
    s = ok(s, { type: "giveTurn", userId: "sarah" }); // back to an earlier speaker
    expect(speaker(s)).toBe("sarah");
  });

  it("refuses giveTurn to someone not in the round, and outside a round", () => {
    const inRound = ok(opened(["sarah", "tom"]), { type: "advance" });
    expect(no(inRound, { type: "giveTurn", userId: "ben" })).toBe("Ben is not in this round"); // did not accept
    expect(no(inRound, { type: "giveTurn", userId: "f2" })).toBe("Gareth is not in this round");
    expect(no(opened(), { type: "giveTurn", userId: "tom" })).toBe("There is no round going on to give a turn in");
  });

  it("check-out is a round too", () => {
    const s = until(opened(), "check_out");
    expect(s.round).toEqual({ order: MEMBERS.map((p) => p.userId), index: 0, passed: [] });
    expect(s.announcement?.text).toBe("Check-out: Sarah's turn");
  });
});

describe("ready and pass outside rounds", () => {
  it("markReady adds a member once", () => {
    let s = ok(opened(), { type: "markReady" }, m("tom"));
    s = ok(s, { type: "markReady" }, m("sarah"));
    expect(s.ready).toEqual(["tom", "sarah"]);
    expect(no(s, { type: "markReady" }, m("tom"))).toBe("You have already said you are ready");
  });

  it("pass is refused where there is no turn to pass", () => {
    expect(no(opened(), { type: "pass" }, m("tom"))).toBe("There is nothing to pass on right now");
    expect(no(until(opened(), "bids"), { type: "pass" }, m("tom"))).toBe("There is nothing to pass on right now");
  });
});

describe("hands", () => {
  it("are raised in order and lowered", () => {
    let s = ok(opened(), { type: "raiseHand" }, m("tom"));
    s = ok(s, { type: "raiseHand" }, m("sarah"));
    expect(s.hands).toEqual(["tom", "sarah"]);
    expect(s.announcement?.text).toBe("Sarah raised a hand");
    expect(no(s, { type: "raiseHand" }, m("tom"))).toBe("Your hand is already raised");
    s = ok(s, { type: "lowerHand" }, m("tom"));
    expect(s.hands).toEqual(["sarah"]);
    expect(no(s, { type: "lowerHand" }, m("tom"))).toBe("Your hand is not raised");
  });

  it("cannot be raised before the meeting starts", () => {
    const s = ok(fresh(), { type: "acceptAgreement" }, m("tom"));
    expect(no(s, { type: "raiseHand" }, m("tom"))).toBe("The meeting has not started yet");
    expect(no(s, { type: "lowerHand" }, m("tom"))).toBe("The meeting has not started yet");
  });
});

describe("progress reports", () => {
  const reportBack = (status: "done" | "partly", learned = "Ask early"): Command => ({
    type: "reportBack",
    actionId: "old-1",
    status,
    learned,
    obstacles: "Rota gaps",
  });

  it("the owner reports back, and a second report replaces the first", () => {
    let s = until(opened(), "progress_reports");
    s = ok(s, reportBack("partly"), m("sarah"));
    expect(s.reports).toEqual([{ actionId: "old-1", ownerId: "sarah", status: "partly", learned: "Ask early", obstacles: "Rota gaps" }]);
    s = ok(s, { type: "reportBack", actionId: "old-2", status: "dropped", learned: "", obstacles: "" }, m("tom"));
    s = ok(s, reportBack("done", "Ask earlier"), m("sarah"));
    expect(s.reports.map((r) => [r.actionId, r.status, r.learned])).toEqual([
      ["old-1", "done", "Ask earlier"],
      ["old-2", "dropped", ""],
    ]);
  });

  it("refuses someone else's action, an unknown action and other stages", () => {
    const s = until(opened(), "progress_reports");
    expect(no(s, reportBack("done"), m("tom"))).toBe("Only the person who owns an action can report back on it");
    expect(no(s, { ...reportBack("done"), actionId: "nope" } as Command, m("sarah"))).toBe(
      "That is not one of the open actions for this meeting",
    );
    expect(no(until(opened(), "bids"), reportBack("done"), m("sarah"))).toBe("Reports back can only be given during progress reports");
  });
});

describe("bids and presenters", () => {
  it("one bid per member: setBid replaces, withdrawBid removes", () => {
    let s = until(opened(), "bids");
    s = ok(s, { type: "setBid", text: "Rota buy-in" }, m("priya"));
    s = ok(s, { type: "setBid", text: "Handover" }, m("sam"));
    s = ok(s, { type: "setBid", text: "  Getting buy-in for a new rota  " }, m("priya"));
    expect(s.bids).toEqual([
      { userId: "priya", text: "Getting buy-in for a new rota" },
      { userId: "sam", text: "Handover" },
    ]);
    s = ok(s, { type: "withdrawBid" }, m("sam"));
    expect(s.bids).toEqual([{ userId: "priya", text: "Getting buy-in for a new rota" }]);
    expect(no(s, { type: "withdrawBid" }, m("sam"))).toBe("You have not made a bid");
  });

  it("bids are refused outside the bids stage", () => {
    const s = until(opened(), "progress_reports");
    expect(no(s, { type: "setBid", text: "x" }, m("priya"))).toBe("Bids can only be written during the bids stage");
    expect(no(s, { type: "withdrawBid" }, m("priya"))).toBe("Bids can only be withdrawn during the bids stage");
  });

  it("setPresenters chooses members in order", () => {
    let s = until(opened(), "bids");
    s = ok(s, { type: "setPresenters", presenters: [{ userId: "sam", airtimeMinutes: 30 }, { userId: "priya", airtimeMinutes: 35 }] });
    expect(s.presenters).toEqual([
      { userId: "sam", airtimeMinutes: 30 },
      { userId: "priya", airtimeMinutes: 35 },
    ]);
    expect(s.announcement?.text).toBe("Presenters: Sam, Priya");
    s = ok(s, { type: "setPresenters", presenters: [] });
    expect(s.presenters).toEqual([]);
  });

  it("refuses non-members, duplicates and the wrong stage", () => {
    const s = until(opened(), "bids");
    expect(no(s, { type: "setPresenters", presenters: [{ userId: "f2", airtimeMinutes: 30 }] })).toBe(
      "Each presenter must be a member of the set",
    );
    expect(
      no(s, { type: "setPresenters", presenters: [{ userId: "sam", airtimeMinutes: 30 }, { userId: "sam", airtimeMinutes: 20 }] }),
    ).toBe("Each presenter can only be listed once");
    expect(no(until(opened(), "progress_reports"), SAMPLE.setPresenters)).toBe("Presenters can only be chosen during the bids stage");
    expect(no(until(opened(), "process_review"), SAMPLE.setPresenters)).toBe("Presenters can only be chosen during the bids stage");
  });

  it("in airtime, only presenters still waiting can be changed, and at least one stays", () => {
    let s = inAirtime([
      { userId: "priya", airtimeMinutes: 30 },
      { userId: "sam", airtimeMinutes: 30 },
      { userId: "aisha", airtimeMinutes: 30 },
    ]);
    s = ok(s, {
      type: "setPresenters",
      presenters: [
        { userId: "priya", airtimeMinutes: 30 },
        { userId: "aisha", airtimeMinutes: 25 },
        { userId: "sam", airtimeMinutes: 30 },
        { userId: "ben", airtimeMinutes: 20 },
      ],
    });
    expect(s.presenters.map((p) => p.userId)).toEqual(["priya", "aisha", "sam", "ben"]);
    expect(no(s, { type: "setPresenters", presenters: [{ userId: "aisha", airtimeMinutes: 30 }] })).toBe(
      "Presenters who have started their airtime cannot be moved or removed",
    );
    expect(no(s, { type: "setPresenters", presenters: [] })).toBe("Airtime has started: keep at least one presenter");
    // Down to the current presenter only: after their airtime comes the process review.
    s = ok(s, { type: "setPresenters", presenters: [{ userId: "priya", airtimeMinutes: 30 }] });
    expect(ok(s, { type: "skip" }).position.stage).toBe("process_review");
  });

  it("with presenters, bids lead into airtime", () => {
    const s = inAirtime();
    expect(s.round).toBeNull();
    expect(s.trail[s.trail.length - 1]).toEqual({ stage: "bids", presenterIndex: null, step: null });
  });
});

describe("airtime", () => {
  it("walks the steps, with open questions a round of everyone but the presenter", () => {
    let s = inAirtime();
    s = ok(s, { type: "advance" });
    expect(s.position.step).toBe("clarifying");
    s = ok(s, { type: "advance" });
    expect(s.position.step).toBe("open_questions");
    expect(s.round).toEqual({ order: ["sarah", "tom", "sam", "aisha", "ben"], index: 0, passed: [] });
    for (let i = 0; i < 4; i++) s = ok(s, { type: "advance" });
    expect(speaker(s)).toBe("ben");
    s = ok(s, { type: "advance" });
    expect(s.position.step).toBe("reflect");
    expect(s.round).toBeNull();
    s = ok(s, { type: "advance" });
    expect(s.position).toEqual({ stage: "airtime", presenterIndex: 0, step: "commit" });
  });

  it("the presenter may pass on a question in clarifying and open questions", () => {
    let s = toStep(inAirtime(), "clarifying");
    const before = s;
    s = ok(s, { type: "pass" }, m("priya"));
    expect(s.announcement?.text).toBe("Priya passed on that question");
    expect({ ...s, version: 0, announcement: null }).toEqual({ ...before, version: 0, announcement: null });
    expect(no(s, { type: "pass" }, m("tom"))).toBe("There is nothing to pass on right now");

    s = toStep(s, "open_questions");
    const round = s.round;
    s = ok(s, { type: "pass" }, m("priya"));
    expect(s.round).toEqual(round);
    expect(s.announcement?.text).toBe("Priya passed on that question");
    // The questioner's own pass moves the round on.
    s = ok(s, { type: "pass" }, m("sarah"));
    expect(speaker(s)).toBe("tom");

    s = toStep(s, "reflect");
    expect(no(s, { type: "pass" }, m("priya"))).toBe("There is nothing to pass on right now");
  });

  it("commit: Next needs a confirmed action by the presenter", () => {
    let s = toStep(inAirtime(), "commit");
    expect(no(s, { type: "advance" })).toBe("The presenter has not committed to an action yet: ask them to confirm one, or skip");
    s = ok(s, { type: "proposeAction", text: "Book a meeting with the medical director" }, m("priya"));
    expect(s.actions).toEqual([
      { actionId: `a-op-${op}`, ownerId: "priya", text: "Book a meeting with the medical director", writtenBy: "priya", confirmed: true },
    ]);
    expect(s.announcement?.text).toBe("Priya committed to an action");
    s = ok(s, { type: "advance" });
    expect(s.position).toEqual({ stage: "airtime", presenterIndex: 1, step: "present" });
    expect(s.announcement?.text).toBe("Airtime for Sam: presenting");
  });

  it("commit: a facilitator writes an action for the presenter, who confirms it", () => {
    let s = toStep(inAirtime(), "commit");
    s = ok(s, { type: "writeActionFor", userId: "priya", text: "Draft the rota proposal" }, cofac);
    const actionId = `a-op-${op}`;
    expect(s.actions).toEqual([{ actionId, ownerId: "priya", text: "Draft the rota proposal", writtenBy: "f2", confirmed: false }]);
    expect(no(s, { type: "advance" })).toMatch(/has not committed/); // not confirmed yet
    expect(no(s, { type: "confirmAction", actionId }, m("sam"))).toBe("Only the person who owns an action can confirm it");
    expect(no(s, { type: "confirmAction", actionId: "a-nope" }, m("priya"))).toBe("There is no such action in this meeting");
    s = ok(s, { type: "confirmAction", actionId }, m("priya"));
    expect(s.actions[0].confirmed).toBe(true);
    expect(no(s, { type: "confirmAction", actionId }, m("priya"))).toBe("That action is already confirmed");
    expect(ok(s, { type: "advance" }).position.presenterIndex).toBe(1);
  });

  it("an action can be confirmed in a later stage, before the end", () => {
    let s = toStep(inAirtime([{ userId: "priya", airtimeMinutes: 30 }]), "commit");
    s = ok(s, { type: "writeActionFor", userId: "priya", text: "Draft the rota proposal" });
    const actionId = s.actions[0].actionId;
    s = ok(s, { type: "skip" });
    expect(s.position.stage).toBe("process_review");
    s = until(s, "check_out");
    s = ok(s, { type: "confirmAction", actionId }, m("priya"));
    expect(s.actions[0]).toMatchObject({ confirmed: true, writtenBy: "f1" });
  });

  it("refuses actions outside the commit step, by anyone but the presenter, or for anyone but the presenter", () => {
    const clarifying = toStep(inAirtime(), "clarifying");
    expect(no(clarifying, SAMPLE.proposeAction, m("priya"))).toBe(
      "Actions can only be proposed when the presenter is committing to an action",
    );
    expect(no(clarifying, SAMPLE.writeActionFor)).toBe("Actions can only be written when the presenter is committing to an action");
    expect(no(until(opened(), "bids"), SAMPLE.proposeAction, m("priya"))).toMatch(/^Actions can only be proposed/);
    const commit = toStep(inAirtime(), "commit");
    expect(no(commit, SAMPLE.proposeAction, m("sam"))).toBe("Only the presenter can propose their action");
    expect(no(commit, { type: "writeActionFor", userId: "sam", text: "x" })).toBe("You can only write an action for the current presenter");
  });

  it("the same opId cannot save an action twice", () => {
    const s = toStep(inAirtime(), "commit");
    const once = apply(s, SAMPLE.proposeAction, m("priya"), { now: T0, opId: "same-op" });
    if (!once.ok) throw new Error(once.reason);
    const twice = apply(once.state, SAMPLE.proposeAction, m("priya"), { now: T0, opId: "same-op" });
    expect(twice).toEqual({ ok: false, reason: "That action has already been saved" });
  });

  it("skip moves past the rest of this presenter, without needing an action", () => {
    let s = toStep(inAirtime(), "clarifying");
    s = ok(s, { type: "skip" });
    expect(s.position).toEqual({ stage: "airtime", presenterIndex: 1, step: "present" });
    s = toStep(s, "commit");
    s = ok(s, { type: "skip" });
    expect(s.position.stage).toBe("process_review");
    expect(s.actions).toEqual([]);
  });

  it("after the last presenter's commit comes the process review", () => {
    let s = toStep(inAirtime([{ userId: "priya", airtimeMinutes: 30 }]), "commit");
    s = ok(s, { type: "proposeAction", text: "Talk to HR" }, m("priya"));
    s = ok(s, { type: "advance" });
    expect(s.position).toEqual({ stage: "process_review", presenterIndex: null, step: null });
    expect(s.timer).toMatchObject({ durationMs: 10 * MIN });
  });
});

describe("skip", () => {
  it("skips the rest of a stage, round and all", () => {
    let s = ok(opened(), { type: "advance" });
    s = ok(s, { type: "skip" });
    expect(s.position.stage).toBe("progress_reports");
    s = ok(s, { type: "skip" });
    expect(s.position.stage).toBe("bids");
    s = ok(s, { type: "skip" }); // no presenters
    expect(s.position.stage).toBe("process_review");
  });
});

describe("back", () => {
  it("has nothing to go back to at the opening", () => {
    expect(no(opened(), { type: "back" })).toBe("There is nothing to go back to");
  });

  it("undoes a plain advance", () => {
    let s = until(opened(), "bids");
    s = ok(s, { type: "advance" }, fac, T0 + MIN);
    expect(s.position.stage).toBe("process_review");
    s = ok(s, { type: "back" }, fac, T0 + 2 * MIN);
    expect(s.position.stage).toBe("bids");
    expect(s.timer).toEqual({ state: "running", deadline: T0 + 12 * MIN, durationMs: 10 * MIN });
    expect(s.announcement?.text).toBe("Back to Bids");
  });

  it("going back into a round restarts it", () => {
    let s = ok(opened(), { type: "advance" });
    s = ok(s, { type: "pass" }, m("sarah"));
    s = ok(s, { type: "giveTurn", userId: "ben" });
    s = ok(s, { type: "advance" }); // last speaker → progress reports
    expect(s.position.stage).toBe("progress_reports");
    s = ok(s, { type: "back" });
    expect(s.position.stage).toBe("check_in");
    expect(s.round).toEqual({ order: MEMBERS.map((p) => p.userId), index: 0, passed: [] });
    expect(s.announcement?.text).toBe("Back to Check-in: Sarah's turn");
    s = ok(s, { type: "back" });
    expect(s.position.stage).toBe("opening");
    expect(s.round).toBeNull();
    expect(s.trail).toEqual([]);
  });

  it("goes back out of airtime and step by step within it, keeping the data", () => {
    let s = toStep(inAirtime([{ userId: "priya", airtimeMinutes: 30 }]), "commit");
    s = ok(s, { type: "proposeAction", text: "Talk to HR" }, m("priya"));
    s = ok(s, { type: "advance" });
    expect(s.position.stage).toBe("process_review");
    s = ok(s, { type: "back" });
    expect(s.position).toEqual({ stage: "airtime", presenterIndex: 0, step: "commit" });
    expect(s.actions).toHaveLength(1);
    s = ok(s, { type: "back" });
    expect(s.position.step).toBe("reflect");
    s = ok(s, { type: "back" }); // into the open-questions round, restarted
    expect(s.position.step).toBe("open_questions");
    expect(s.round).toEqual({ order: ["sarah", "tom", "sam", "aisha", "ben"], index: 0, passed: [] });
    s = ok(s, { type: "back" });
    s = ok(s, { type: "back" });
    expect(s.position.step).toBe("present");
    s = ok(s, { type: "back" }); // out of airtime into the bids
    expect(s.position.stage).toBe("bids");
    expect(s.presenters).toHaveLength(1);
    expect(s.actions).toHaveLength(1);
  });

  it("undoes a skip in airtime", () => {
    let s = toStep(inAirtime(), "open_questions");
    s = ok(s, { type: "skip" });
    expect(s.position).toEqual({ stage: "airtime", presenterIndex: 1, step: "present" });
    s = ok(s, { type: "back" });
    expect(s.position).toEqual({ stage: "airtime", presenterIndex: 0, step: "open_questions" });
    expect(s.round?.index).toBe(0);
  });

  it("keeps bids, reports and agreements", () => {
    let s = until(opened(), "progress_reports");
    s = ok(s, { type: "reportBack", actionId: "old-1", status: "done", learned: "", obstacles: "" }, m("sarah"));
    s = ok(s, { type: "advance" });
    s = ok(s, { type: "setBid", text: "Rota" }, m("priya"));
    s = ok(s, { type: "back" });
    s = ok(s, { type: "back" });
    expect(s.position.stage).toBe("check_in");
    expect(s.reports).toHaveLength(1);
    expect(s.bids).toHaveLength(1);
    expect(s.agreed).toHaveLength(MEMBERS.length);
  });
});

describe("timer", () => {
  const started = () => ok(fresh(), { type: "start" }, fac, T0);

  it("setTimer runs from now", () => {
    const s = ok(started(), { type: "setTimer", minutes: 7 }, fac, T0 + 30_000);
    expect(s.timer).toEqual({ state: "running", deadline: T0 + 30_000 + 7 * MIN, durationMs: 7 * MIN });
    expect(s.announcement?.text).toBe("Timer set to 7 minutes");
  });

  it("extendTimer adds to the deadline when running and to what remains when paused", () => {
    let s = ok(started(), { type: "extendTimer", minutes: 3 }, fac, T0 + MIN);
    expect(s.timer).toEqual({ state: "running", deadline: T0 + 8 * MIN, durationMs: 8 * MIN });
    s = ok(s, { type: "pauseTimer" }, fac, T0 + 2 * MIN);
    expect(s.timer).toEqual({ state: "paused", remainingMs: 6 * MIN, durationMs: 8 * MIN });
    s = ok(s, { type: "extendTimer", minutes: 2 }, fac, T0 + 4 * MIN);
    expect(s.timer).toEqual({ state: "paused", remainingMs: 8 * MIN, durationMs: 10 * MIN });
    s = ok(s, { type: "resumeTimer" }, fac, T0 + 10 * MIN);
    expect(s.timer).toEqual({ state: "running", deadline: T0 + 18 * MIN, durationMs: 10 * MIN });
  });

  it("pausing after the deadline leaves nothing remaining", () => {
    const s = ok(started(), { type: "pauseTimer" }, fac, T0 + 9 * MIN);
    expect(s.timer).toEqual({ state: "paused", remainingMs: 0, durationMs: 5 * MIN });
  });

  it("refuses to extend an off timer, pause one that is not running or resume one that is not paused", () => {
    const off = { ...started(), timer: { state: "off" as const } };
    expect(no(off, { type: "extendTimer", minutes: 1 })).toBe("There is no timer to extend: set one first");
    expect(no(off, { type: "pauseTimer" })).toBe("The timer is not running");
    expect(no(off, { type: "resumeTimer" })).toBe("The timer is not paused");
    expect(no(started(), { type: "resumeTimer" })).toBe("The timer is not paused");
    const paused = ok(started(), { type: "pauseTimer" });
    expect(no(paused, { type: "pauseTimer" })).toBe("The timer is not running");
  });
});

describe("stop the set", () => {
  it("pauses a running timer and holds the meeting where it is until resumed", () => {
    let s = ok(opened(), { type: "advance" }, fac, T0); // check-in, 12 minutes
    s = ok(s, { type: "stopSet" }, cofac, T0 + 4 * MIN);
    expect(s.stopped).toEqual({ by: "f2", at: T0 + 4 * MIN });
    expect(s.timer).toEqual({ state: "paused", remainingMs: 8 * MIN, durationMs: 12 * MIN });
    expect(s.announcement?.text).toBe("Gareth has stopped the set to review how it is working");
    for (const type of ["advance", "back", "skip", "giveTurn"] as const) {
      expect(no(s, SAMPLE[type])).toBe("The set is stopped: resume it first");
    }
    expect(no(s, { type: "stopSet" })).toBe("The set is already stopped");
    s = ok(s, { type: "raiseHand" }, m("tom"));
    expect(s.hands).toEqual(["tom"]);
    s = ok(s, { type: "resumeSet" }, fac, T0 + 9 * MIN);
    expect(s.stopped).toBeNull();
    expect(s.timer).toEqual({ state: "running", deadline: T0 + 17 * MIN, durationMs: 12 * MIN });
    expect(s.announcement?.text).toBe("The set has resumed");
    expect(ok(s, { type: "advance" }).round?.index).toBe(1);
  });

  it("leaves an off timer off", () => {
    let s: MeetingState = { ...opened(), timer: { state: "off" } };
    s = ok(s, { type: "stopSet" });
    expect(s.timer).toEqual({ state: "off" });
    s = ok(s, { type: "resumeSet" });
    expect(s.timer).toEqual({ state: "off" });
  });

  it("refuses to resume a set that is not stopped", () => {
    expect(no(opened(), { type: "resumeSet" })).toBe("The set is not stopped");
  });

  it("the meeting can still be ended while stopped", () => {
    const s = ok(ok(opened(), { type: "stopSet" }), { type: "end" });
    expect(s.position.stage).toBe("ended");
    expect(s.stopped).toBeNull();
  });
});

describe("ending", () => {
  it("end sets endedAt, turns the timer off and clears the round", () => {
    const s = ok(ok(opened(), { type: "advance" }), { type: "end" }, fac, T0 + 90 * MIN);
    expect(s.position).toEqual({ stage: "ended", presenterIndex: null, step: null });
    expect(s.endedAt).toBe(T0 + 90 * MIN);
    expect(s.timer).toEqual({ state: "off" });
    expect(s.round).toBeNull();
    expect(s.announcement).toEqual({ text: "The meeting has ended", at: T0 + 90 * MIN });
  });

  it("cannot end a meeting that has not started", () => {
    expect(no(fresh(), { type: "end" })).toBe("The meeting has not started yet");
  });

  it.each(ALL.map((c) => [c.type, c]))("refuses %s once ended", (_t, command) => {
    const ended = ok(opened(), { type: "end" });
    const actor = FACILITATOR_COMMANDS.includes(command.type) ? fac : m("sarah");
    expect(no(ended, command, actor)).toBe("The meeting has ended");
  });
});

describe("a complete meeting", () => {
  it("runs from the lobby to the end with two presenters", () => {
    let now = T0 - 10 * MIN;
    const tick = (minutes: number) => (now += minutes * MIN);
    let s = fresh();
    for (const p of MEMBERS.slice(0, 3)) s = ok(s, { type: "acceptAgreement" }, m(p.userId), tick(1));
    s = ok(s, { type: "start" }, fac, tick(7));
    for (const p of MEMBERS.slice(3)) s = ok(s, { type: "acceptAgreement" }, m(p.userId), tick(1));
    expect(s.agreed).toHaveLength(6);

    s = ok(s, { type: "advance" }, fac, tick(1)); // check-in
    for (const p of MEMBERS) {
      expect(speaker(s)).toBe(p.userId);
      s = p.userId === "aisha" ? ok(s, { type: "pass" }, m("aisha"), tick(0)) : ok(s, { type: "markReady" }, m(p.userId), tick(2));
    }
    expect(s.round).toMatchObject({ index: 6, passed: ["aisha"] });
    s = ok(s, { type: "advance" }, fac, tick(0)); // progress reports
    s = ok(s, { type: "reportBack", actionId: "old-1", status: "done", learned: "Ask early", obstacles: "" }, m("sarah"), tick(3));
    s = ok(s, { type: "reportBack", actionId: "old-2", status: "not_done", learned: "", obstacles: "Sickness" }, m("tom"), tick(3));
    s = ok(s, { type: "advance" }, fac, tick(0)); // bids
    s = ok(s, { type: "setBid", text: "Getting buy-in for a new rota" }, m("priya"), tick(1));
    s = ok(s, { type: "setBid", text: "Handover between teams" }, m("sam"), tick(1));
    s = ok(s, {
      type: "setPresenters",
      presenters: [
        { userId: "priya", airtimeMinutes: 40 },
        { userId: "sam", airtimeMinutes: 30 },
      ],
    }, fac, tick(2));
    s = ok(s, { type: "advance" }, fac, tick(0)); // airtime for Priya

    for (const [presenter, how] of [["priya", "proposes"], ["sam", "written for"]] as const) {
      expect(presenterOf(s)).toBe(presenter);
      s = ok(s, { type: "advance" }, fac, tick(8)); // clarifying
      s = ok(s, { type: "raiseHand" }, m("tom"), tick(1));
      s = ok(s, { type: "pass" }, m(presenter), tick(1));
      s = ok(s, { type: "advance" }, fac, tick(3)); // open questions
      expect(s.hands).toEqual([]);
      while (speaker(s)) s = ok(s, { type: "markReady" }, m(speaker(s) as string), tick(2));
      s = ok(s, { type: "advance" }, fac, tick(0)); // reflect
      s = ok(s, { type: "advance" }, fac, tick(4)); // commit
      if (how === "proposes") {
        s = ok(s, { type: "proposeAction", text: "Book a meeting with the medical director" }, m(presenter), tick(2));
      } else {
        s = ok(s, { type: "writeActionFor", userId: presenter, text: "Map the handover steps" }, fac, tick(2));
        s = ok(s, { type: "confirmAction", actionId: s.actions[s.actions.length - 1].actionId }, m(presenter), tick(1));
      }
      s = ok(s, { type: "advance" }, fac, tick(1));
    }
    expect(s.position.stage).toBe("process_review");
    expect(s.actions.map((a) => [a.ownerId, a.confirmed])).toEqual([
      ["priya", true],
      ["sam", true],
    ]);
    s = ok(s, { type: "advance" }, fac, tick(8)); // check-out
    while (speaker(s)) s = ok(s, { type: "markReady" }, m(speaker(s) as string), tick(1));
    expect(no(s, { type: "advance" })).toBe("Use End meeting to finish");
    s = ok(s, { type: "end" }, fac, tick(1));
    expect(s.position.stage).toBe("ended");
    expect(s.startedAt).toBe(T0);
    expect(s.endedAt).toBe(now);
    expect(s.reports).toHaveLength(2);
    expect(s.bids).toHaveLength(2);
    expect(s.trail.map(label)).toEqual([
      "opening",
      "check_in",
      "progress_reports",
      "bids",
      ...["priya", "sam"].flatMap(() => ["present", "clarifying", "open_questions", "reflect", "commit"]),
      "process_review",
    ]); // check-out was current when the meeting ended; ending pushes nothing
  });
});

const presenterOf = (s: MeetingState) => (s.position.presenterIndex === null ? null : s.presenters[s.position.presenterIndex].userId);
const label = (p: Position) => p.step ?? p.stage;

describe("apply never mutates its input", () => {
  it("leaves a deep-frozen state untouched across a whole run of commands", () => {
    const s = deepFreeze(toStep(inAirtime(), "open_questions"));
    const before = JSON.stringify(s);
    const commands: Array<[Command, Actor]> = [
      [{ type: "advance" }, fac],
      [{ type: "pass" }, m("sarah")],
      [{ type: "pass" }, m("priya")],
      [{ type: "raiseHand" }, m("tom")],
      [{ type: "markReady" }, m("sarah")],
      [{ type: "giveTurn", userId: "ben" }, fac],
      [{ type: "back" }, fac],
      [{ type: "skip" }, fac],
      [{ type: "stopSet" }, fac],
      [{ type: "pauseTimer" }, fac],
      [{ type: "extendTimer", minutes: 5 }, fac],
      [{ type: "setPresenters", presenters: [{ userId: "priya", airtimeMinutes: 40 }] }, fac],
      [{ type: "end" }, fac],
    ];
    for (const [command, actor] of commands) {
      const outcome = apply(s, command, actor, { now: T0, opId: "frozen-op" });
      expect(outcome.ok).toBe(true);
      if (outcome.ok) {
        expect(outcome.state).not.toBe(s);
        expect(outcome.state.version).toBe(s.version + 1);
      }
    }
    expect(JSON.stringify(s)).toBe(before);
  });

  it("a refusal changes nothing", () => {
    const s = deepFreeze(opened());
    const outcome = apply(s, { type: "back" }, fac, { now: T0, opId: "x" });
    expect(outcome).toEqual({ ok: false, reason: "There is nothing to go back to" });
    expect(s.version).toBe(opened().version);
  });
});

describe("CommandSchema", () => {
  const refused = (input: unknown) => expect(CommandSchema.safeParse(input).success).toBe(false);

  it("accepts well-formed commands and trims text", () => {
    for (const command of ALL) expect(CommandSchema.safeParse(command).success).toBe(true);
    expect(CommandSchema.parse({ type: "setBid", text: "  Rota  " })).toEqual({ type: "setBid", text: "Rota" });
  });

  it("refuses extra keys", () => {
    refused({ type: "advance", force: true });
    refused({ type: "setTimer", minutes: 5, deadline: 0 });
    refused({ type: "setPresenters", presenters: [{ userId: "sam", airtimeMinutes: 30, admin: true }] });
  });

  it("refuses wrong types and unknown commands", () => {
    refused({ type: "setTimer", minutes: "5" });
    refused({ type: "setTimer", minutes: 2.5 });
    refused({ type: "setTimer", minutes: LIMITS.maxTimerMinutes + 1 });
    refused({ type: "setTimer", minutes: 0 });
    refused({ type: "giveTurn", userId: 7 });
    refused({ type: "reportBack", actionId: "a", status: "finished", learned: "", obstacles: "" });
    refused({ type: "becomeFacilitator" });
    refused(null);
    refused("advance");
  });

  it("refuses __proto__ and constructor keys", () => {
    refused(JSON.parse('{"type":"advance","__proto__":{"role":"facilitator"}}'));
    refused(JSON.parse('{"type":"setBid","text":"x","__proto__":{"text":"y"}}'));
    refused({ type: "advance", constructor: { prototype: {} } });
  });

  it("refuses oversize and empty text", () => {
    refused({ type: "setBid", text: "x".repeat(LIMITS.bid + 1) });
    refused({ type: "proposeAction", text: "x".repeat(LIMITS.action + 1) });
    refused({ type: "writeActionFor", userId: "sam", text: "x".repeat(LIMITS.action + 1) });
    refused({ type: "reportBack", actionId: "a", status: "done", learned: "x".repeat(LIMITS.reportText + 1), obstacles: "" });
    refused({ type: "setBid", text: "   " });
    refused({ type: "giveTurn", userId: "u".repeat(65) });
    refused({ type: "setPresenters", presenters: Array.from({ length: 9 }, (_, i) => ({ userId: `u${i}`, airtimeMinutes: 30 })) });
    expect(CommandSchema.safeParse({ type: "setBid", text: "x".repeat(LIMITS.bid) }).success).toBe(true);
  });

  it("apply itself refuses a command that does not parse", () => {
    const bad = { type: "setBid", text: "x".repeat(LIMITS.bid + 1) } as Command;
    const s = until(opened(), "bids");
    expect(apply(s, bad, m("sarah"), { now: T0, opId: "x" })).toEqual({ ok: false, reason: "That request was not understood" });
  });
});

describe("describe", () => {
  it("says where the meeting is and what Next would do", () => {
    expect(whatComesNext(fresh())).toBe("Next: start the meeting");
    let s = opened();
    expect(positionLabel(s)).toBe("Opening");
    expect(whatComesNext(s)).toBe("Next: Check-in: Sarah's turn");
    s = ok(s, { type: "advance" });
    expect(whatComesNext(s)).toBe("Next: Check-in: Tom's turn");
    s = ok(s, { type: "stopSet" });
    expect(whatComesNext(s)).toBe("Next: Check-in: Tom's turn");
    const commit = toStep(inAirtime(), "commit");
    expect(positionLabel(commit)).toBe("Airtime for Priya: committing to an action");
    expect(whatComesNext(commit)).toMatch(/^The presenter has not committed/);
    expect(whatComesNext(until(opened(), "check_out"))).toBe("Next: Check-out: Tom's turn");
    expect(whatComesNext(ok(opened(), { type: "end" }))).toBe("The meeting has ended");
  });
});
