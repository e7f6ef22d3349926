import { STARTING_CODEBOOK } from "~db/codebook";
import { THEME_RULES } from "./rules";
import { tagMany, tagText, TAGGED_THEME_IDS, type ThemeTag } from "./tagger";

const ids = (text: string, active?: readonly string[]) => tagText(text, active).map((t) => t.themeId);
const triggersOf = (text: string, themeId: string) => tagText(text).find((t) => t.themeId === themeId)?.triggers;

describe("the rules", () => {
  it("cover every starting theme, by stable id, in codebook order", () => {
    expect(TAGGED_THEME_IDS).toEqual(STARTING_CODEBOOK.map((t) => t.id));
    expect(THEME_RULES.map((r) => r.id)).toEqual(STARTING_CODEBOOK.map((t) => t.id));
  });

  it("all compile (a bad phrase throws on the first call)", () => {
    expect(() => tagText("warm up")).not.toThrow();
  });
});

describe("tagText", () => {
  it("matches inflections: rota and rotas, referred and refer, were and be", () => {
    expect(triggersOf("The rota is a mess", "workload-and-rest")).toEqual(["rota"]);
    expect(triggersOf("The rotas are brutal", "workload-and-rest")).toEqual(["rotas"]);
    expect(triggersOf("Two nurses self-referred to talking therapies", "psychological-support-access")).toEqual(["self-referred", "talking therapies"]);
    expect(ids("She was redeployed to ICU")).toContain("redeployment-and-rotation");
    expect(ids("I redeploy staff only when I must")).toContain("redeployment-and-rotation");
  });

  it("catches paraphrase, not only the codebook's own words", () => {
    expect(ids("I never get to sit down on a twelve-hour shift.")).toEqual(["workload-and-rest"]);
    expect(ids("The team had a wobble after the cardiac arrest on Tuesday")).toEqual(["trauma-and-debriefing"]);
    expect(ids("Some of our HCAs are using the food bank to get to payday")).toEqual(["practical-and-social-support"]);
    expect(ids("The nursery closes at six and my shift finishes at eight")).toEqual(["family-and-caring"]);
    expect(ids("Back-to-back Zoom calls with my camera on all day")).toContain("remote-and-digital-working");
    expect(ids("Three of my band 5s have handed in their notice")).toEqual(["retention-and-career"]);
  });

  it("matches phrases as phrases and reports the whole phrase", () => {
    expect(tagText("Start a Schwartz Round on the children's ward")).toEqual([{ themeId: "peer-support", triggers: ["Schwartz Round"] }]);
    expect(tagText("Refer Sam to occupational health about her back")).toEqual([{ themeId: "occupational-health", triggers: ["occupational health"] }]);
    expect(tagText("Chase the OH referral for Sam")).toEqual([{ themeId: "occupational-health", triggers: ["OH referral"] }]);
    expect(tagText("Phased return went well")).toEqual([{ themeId: "occupational-health", triggers: ["Phased return"] }]);
    // The words of a phrase apart, or across a full stop, are not the phrase.
    expect(ids("The health of the occupational therapy team")).not.toContain("occupational-health");
    expect(ids("We ran out of supplies. Return to work tomorrow")).toEqual(["occupational-health"]);
    expect(ids("He ran a phased. Return")).toEqual([]);
  });

  it("reads OH, IT and GMC only in capitals", () => {
    expect(ids("Oh well, it was a long meeting")).toEqual([]);
    expect(ids("Chased OH again")).toEqual(["occupational-health"]);
    expect(ids("The IT system was down all week")).toEqual(["working-environment"]);
    expect(ids("It was down all week")).toEqual([]);
  });

  it("drops a theme that is denied: no longer need OH, not a staffing issue", () => {
    expect(ids("I no longer need OH")).toEqual([]);
    expect(ids("I no longer need OH; the back pain has settled.")).toEqual([]);
    expect(ids("I don't need the occupational health appointment any more")).toEqual([]);
    expect(ids("We didn't need to refer anyone to the hub this month.")).toEqual([]);
    expect(ids("Honestly it's not a staffing issue, it's that nobody tells us when the plan changes.")).toEqual(["team-communication"]);
    expect(ids("PPE is no longer an issue on our unit")).toEqual([]);
    expect(ids("Childcare wasn't a problem this month")).toEqual([]);
    expect(ids("This isn't about training, it's about managers who don't listen.")).toEqual(["compassionate-leadership"]);
    expect(ids("It has nothing to do with the rota")).toEqual([]);
    expect(ids("It wasn't the rota that got to people")).toEqual([]);
  });

  it("keeps a theme that is only absent, which is what the theme is about", () => {
    expect(ids("No breaks at all on Saturday")).toEqual(["workload-and-rest"]);
    expect(ids("Nobody offered us a debrief after the arrest")).toEqual(["trauma-and-debriefing"]);
    expect(ids("We don't have a rest room")).toContain("working-environment");
    expect(ids("I haven't had supervision since June")).toEqual(["clinical-supervision"]);
    expect(ids("Not enough staffing on nights")).toEqual(["workload-and-rest"]);
  });

  it("denies only within the clause: the rest of the text still counts", () => {
    expect(ids("I no longer need OH, but the rotas are brutal")).toEqual(["workload-and-rest"]);
    expect(ids("Not a staffing issue. Staffing is the problem on nights though")).toEqual(["workload-and-rest"]);
    expect(tagText("OH is no longer an issue; the OH referral for Sam is still open")).toEqual([{ themeId: "occupational-health", triggers: ["OH referral"] }]);
  });

  it("reports triggers exactly as written, once each, in text order", () => {
    const text = "Our ROTAS are a mess, the Rota app crashes, and ROTAS again. I’m knackered; short-staffed\nevery night.";
    expect(triggersOf(text, "workload-and-rest")).toEqual(["ROTAS", "Rota", "knackered", "short-staffed"]);
    const curly = "We’ve had a debrief after the cardiac  arrest";
    expect(triggersOf(curly, "trauma-and-debriefing")).toEqual(["debrief", "cardiac  arrest"]);
    for (const tag of tagText(text)) for (const trigger of tag.triggers) expect(text).toContain(trigger);
  });

  it("orders tags by the codebook and shows each theme once", () => {
    const tags = tagText("Retire and return, flexible rota, Schwartz round, OH referral, rota gaps, a debrief");
    expect(tags.map((t) => t.themeId)).toEqual(["peer-support", "occupational-health", "workload-and-rest", "trauma-and-debriefing", "retention-and-career"]);
  });

  it("suggests only active themes when given", () => {
    const text = "The rotas are brutal and I need a Schwartz round";
    expect(ids(text)).toEqual(["peer-support", "workload-and-rest"]);
    expect(ids(text, ["workload-and-rest"])).toEqual(["workload-and-rest"]);
    expect(ids(text, ["peer-support", "an-admin-added-theme"])).toEqual(["peer-support"]);
    expect(ids(text, [])).toEqual([]);
  });

  it("returns nothing for empty, blank or theme-free text", () => {
    expect(tagText("")).toEqual([]);
    expect(tagText("   \n\t ")).toEqual([]);
    expect(tagText("Audit of discharge letters finished; we hit 94% within 24 hours.")).toEqual([]);
    expect(tagText("🙂 … ### --- https://example.nhs.uk a@b.nhs.net")).toEqual([]);
  });

  it("tags a 4,000-character text and finds themes throughout it", () => {
    const filler = "We reviewed the discharge audit and the sepsis pathway with the matron. ";
    let text = `Rota gaps on nights. ${filler.repeat(60)}`;
    text = `${text.slice(0, 3950)} Start a Schwartz round.`;
    text = text.padEnd(4000, " ");
    expect(text).toHaveLength(4000);
    const tags = tagText(text);
    expect(tags).toEqual([
      { themeId: "peer-support", triggers: ["Schwartz round"] },
      { themeId: "workload-and-rest", triggers: ["Rota gaps"] },
    ]);
  });

  it("gives the same answer every time (no state leaks between calls)", () => {
    const texts = ["I no longer need OH", "Rotas are brutal", "", "OH referral done"];
    const first = tagMany(texts);
    expect(tagMany(texts)).toEqual(first);
    expect(texts.map((t) => tagText(t))).toEqual(first);
  });
});

describe("tagMany", () => {
  it("tags each text, in order, with the same active filter", () => {
    const result: ThemeTag[][] = tagMany(["Rotas are brutal", "", "Schwartz round"], ["peer-support"]);
    expect(result).toEqual([[], [], [{ themeId: "peer-support", triggers: ["Schwartz round"] }]]);
  });
});
