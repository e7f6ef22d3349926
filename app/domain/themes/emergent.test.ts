import { clusterItems, type Cluster } from "./emergent";

const items = (texts: string[], prefix: string) => texts.map((text, i) => ({ id: `${prefix}${i + 1}`, text }));

const parking = items(
  [
    "Staff parking permits cost too much now",
    "Night staff can't find parking after 7pm",
    "The parking charges went up again for staff",
    "Parking permits for part-time staff are a nightmare",
    "Parking permits sold out again, so staff park on the street",
  ],
  "p",
);
const canteen = items(
  [
    "The canteen closes at 2pm so nights get no hot food",
    "No hot food on nights since the canteen shut early",
    "Canteen hours cut again and night staff have no hot meals",
    "Nights can't get hot food after the canteen closes",
  ],
  "c",
);
const laundry = items(["Scrubs don't come back from the laundry", "The laundry lost our scrubs again", "Scrubs shortage because the laundry is two days behind"], "l");
const noise = items(
  [
    "Sepsis audit finished with the matron",
    "Met the deputy director about the discharge lounge",
    "The pharmacy formulary changes in April",
    "Pressure ulcer project reduced category 2 sores",
    "Signage for outpatients is still not up",
  ],
  "n",
);

// Interleaved, as leftovers arrive.
const mixed = [...parking, ...canteen, ...laundry, ...noise].sort((a, b) => (a.id.slice(1) + a.id[0] < b.id.slice(1) + b.id[0] ? -1 : 1));

describe("clusterItems", () => {
  it("groups items about the same thing, biggest first, members in input order", () => {
    const clusters = clusterItems(mixed);
    expect(clusters.map((c) => [...c.itemIds].sort())).toEqual([parking.map((i) => i.id).sort(), canteen.map((i) => i.id).sort(), laundry.map((i) => i.id).sort()]);
    for (const c of clusters) expect(c.itemIds).toEqual(mixed.map((i) => i.id).filter((id) => c.itemIds.includes(id)));
  });

  it("names each group by 3 to 5 of its words, as written", () => {
    const [p, c, l] = clusterItems(mixed);
    for (const cluster of [p, c, l]) {
      expect(cluster.terms.length).toBeGreaterThanOrEqual(3);
      expect(cluster.terms.length).toBeLessThanOrEqual(6);
    }
    expect(p.terms).toContain("parking");
    expect(p.terms).toContain("permits");
    expect(c.terms).toContain("canteen");
    expect(c.terms).toContain("hot");
    expect(l.terms.slice(0, 2).sort()).toEqual(["laundry", "scrubs"]);
    // Function words never name a group.
    for (const cluster of [p, c, l]) for (const term of cluster.terms) expect(["the", "and", "can't", "for", "again", "staff"]).not.toContain(term);
  });

  it("drops groups smaller than minSize (3 by default)", () => {
    const two = items(["Locker keys keep going missing", "Nobody can find the locker keys"], "k");
    expect(clusterItems([...two, ...noise])).toEqual([]);
    const kept = clusterItems([...two, ...noise], { minSize: 2 });
    expect(kept.map((c) => c.itemIds)).toEqual([["k1", "k2"]]);
  });

  it("merges less with a higher threshold and more with a lower one", () => {
    const strict = clusterItems(mixed, { threshold: 0.9 });
    expect(strict).toEqual([]);
    const loose = clusterItems(mixed, { threshold: 0.01 });
    expect(loose[0].itemIds.length).toBeGreaterThan(parking.length);
  });

  it("ignores items beyond maxItems", () => {
    const clusters = clusterItems([...laundry, ...parking], { maxItems: 3 });
    expect(clusters.map((c) => c.itemIds)).toEqual([["l1", "l2", "l3"]]);
    expect(clusterItems(parking, { maxItems: 0 })).toEqual([]);
  });

  it("returns nothing for no items, and never groups texts with no content words", () => {
    expect(clusterItems([])).toEqual([]);
    const empty = items(["", "   ", "it is what it is", "and so on, and so on", "we will do it next week"], "e");
    expect(clusterItems(empty, { minSize: 2 })).toEqual([]);
  });

  it("is deterministic and leaves its input alone", () => {
    const input = mixed.map((i) => ({ ...i }));
    const frozen = JSON.stringify(input);
    const first: Cluster[] = clusterItems(input);
    expect(clusterItems(input)).toEqual(first);
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it("handles 2,000 items (the default maximum)", () => {
    const topics = [parking, canteen, laundry, noise].flat();
    const many = Array.from({ length: 2100 }, (_, i) => ({ id: `m${i}`, text: `${topics[i % topics.length].text} ${["ward", "unit", "site", "team"][i % 4]}${i % 7}` }));
    const clusters = clusterItems(many);
    const members = clusters.flatMap((c) => c.itemIds);
    expect(new Set(members).size).toBe(members.length);
    expect(members.every((id) => Number(id.slice(1)) < 2000)).toBe(true);
    expect(clusters.length).toBeGreaterThan(0);
    for (let i = 1; i < clusters.length; i++) expect(clusters[i - 1].itemIds.length).toBeGreaterThanOrEqual(clusters[i].itemIds.length);
  });
});
