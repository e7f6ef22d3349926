import { describe, expect, it } from "vitest";
import { STARTING_CODEBOOK } from "~db/codebook";
import { THEME_AREAS } from "~db/enums";
import {
  compareAssessments,
  describeMissing,
  isIsoDay,
  isWeak,
  missingLevels,
  placesToLook,
  RECOMMENDATIONS,
  recommendationsByArea,
  recursInFootprint,
  summariseMovement,
} from "./recommendations";

describe("the recommendations", () => {
  it("are the paper's 5 for organisations and 12 for managers, with stable ids", () => {
    expect(RECOMMENDATIONS.filter((r) => r.audience === "organisation").map((r) => r.id)).toEqual(["org-1", "org-2", "org-3", "org-4", "org-5"]);
    expect(RECOMMENDATIONS.filter((r) => r.audience === "manager").map((r) => r.id)).toEqual(Array.from({ length: 12 }, (_, i) => `mgr-${i + 1}`));
    expect(new Set(RECOMMENDATIONS.map((r) => r.id)).size).toBe(17);
    for (const r of RECOMMENDATIONS) {
      expect(r.id).toBe(`${r.audience === "organisation" ? "org" : "mgr"}-${r.number}`);
      expect(r.text.length).toBeGreaterThan(20);
      expect(r.text).not.toContain("**");
    }
  });

  it("each sits in a framework area and links only to themes of the codebook", () => {
    const codebook = new Set(STARTING_CODEBOOK.map((t) => t.id));
    for (const r of RECOMMENDATIONS) {
      expect(THEME_AREAS).toContain(r.area);
      expect(r.themeIds.length).toBeGreaterThan(0);
      for (const t of r.themeIds) expect(codebook.has(t), `${r.id} → ${t}`).toBe(true);
    }
    expect(RECOMMENDATIONS.find((r) => r.id === "mgr-5")?.themeIds).toContain("peer-support");
    expect(RECOMMENDATIONS.find((r) => r.id === "mgr-8")?.themeIds).toContain("clinical-supervision");
  });

  it("groups by area, every recommendation once", () => {
    const groups = recommendationsByArea();
    expect(groups.map((g) => g.area)).toEqual([...THEME_AREAS]);
    expect(groups.flatMap((g) => g.recommendations.map((r) => r.id)).sort()).toEqual(RECOMMENDATIONS.map((r) => r.id).sort());
    expect(groups.every((g) => g.recommendations.length > 0)).toBe(true);
  });
});

describe("submitting", () => {
  it("lists what has no level yet, in the paper's order and words", () => {
    const levels = Object.fromEntries(RECOMMENDATIONS.map((r) => [r.id, "fully" as const]));
    expect(missingLevels(levels)).toEqual([]);
    const missing = missingLevels({ ...levels, "mgr-7": null, "org-2": undefined });
    expect(missing.map((r) => r.id)).toEqual(["org-2", "mgr-7"]);
    expect(describeMissing(missing)).toBe("Organisations 2 (Regional and local partnerships), Managers 7 (Buddying and rotation)");
  });

  it("accepts only real calendar days", () => {
    expect(isIsoDay("2026-02-28")).toBe(true);
    expect(isIsoDay("2026-02-30")).toBe(false);
    expect(isIsoDay("2026-2-3")).toBe(false);
    expect(isIsoDay("")).toBe(false);
  });
});

describe("what moved", () => {
  it("says up, down, unchanged or new per recommendation", () => {
    const comparison = compareAssessments({ "org-1": "not_in_place", "org-2": "fully", "org-3": "partly" }, { "org-1": "partly", "org-2": "partly", "org-3": "partly", "org-4": "fully" });
    const by = Object.fromEntries(comparison.map((c) => [c.recommendationId, c]));
    expect(by["org-1"]).toEqual({ recommendationId: "org-1", before: "not_in_place", after: "partly", movement: "up" });
    expect(by["org-2"].movement).toBe("down");
    expect(by["org-3"].movement).toBe("unchanged");
    expect(by["org-4"].movement).toBe("new");
    expect(by["org-5"].movement).toBe("unchanged");
    expect(comparison).toHaveLength(17);
    expect(summariseMovement(comparison)).toEqual({ up: 1, down: 1, unchanged: 14, new: 1 });
  });
});

describe("weak across a footprint", () => {
  it("is weak when more than half are not in place or partly", () => {
    expect(isWeak({ not_in_place: 0, partly: 0, fully: 0 })).toBe(false);
    expect(isWeak({ not_in_place: 2, partly: 1, fully: 2 })).toBe(true);
    expect(isWeak({ not_in_place: 1, partly: 1, fully: 2 })).toBe(false);
    expect(isWeak({ not_in_place: 0, partly: 1, fully: 0 })).toBe(true);
  });

  it("is a place to look only when weak and one of its themes recurs there", () => {
    const weak = { not_in_place: 3, partly: 0, fully: 1 };
    expect(placesToLook(weak, ["peer-support", "trauma-and-debriefing"], new Set(["peer-support"]))).toEqual(["peer-support"]);
    expect(placesToLook(weak, ["peer-support"], new Set(["bereavement"]))).toEqual([]);
    expect(placesToLook({ not_in_place: 0, partly: 0, fully: 4 }, ["peer-support"], new Set(["peer-support"]))).toEqual([]);
    expect(recursInFootprint(0, 0)).toBe(false);
    expect(recursInFootprint(3, 3)).toBe(true);
    expect(recursInFootprint(2, 3)).toBe(false);
  });
});
