/**
 * Candidate new themes from items that matched no theme (docs/themes.md,
 * "Emergent themes"). Pure and deterministic: the same items in the same
 * order give the same clusters. No model: a small tokenizer, a stopword list
 * and light suffix stripping, so it also runs where wink is not loaded.
 *
 * Each item becomes a TF-IDF vector (sublinear term frequency, smoothed IDF,
 * unit length); items are grouped by agglomerative clustering with average
 * linkage on cosine similarity, merging while the average similarity between
 * two groups is at least `threshold`. Groups smaller than `minSize` are
 * dropped. The disclosure rule is the caller's job: this only counts.
 */

export type Cluster = { terms: string[]; itemIds: string[] };

export type ClusterOptions = {
  /** Smallest group returned (default 3). */
  minSize?: number;
  /** Average cosine similarity at which two groups merge (default 0.2). */
  threshold?: number;
  /** Items beyond this many (in the order given) are ignored (default 2,000). */
  maxItems?: number;
};

const DEFAULTS = { minSize: 3, threshold: 0.2, maxItems: 2000 };
const MAX_TERMS = 5;
/**
 * Each item keeps only its strongest terms. A short note has fewer anyway; a
 * long one is still characterised by them, and the cost of comparing 2,000
 * items stays bounded (it grows with the square of how many items share a
 * term, times the terms kept).
 */
const TERMS_PER_ITEM = 24;
const MIN_TERMS = 3;

// Function words, the filler of action notes ("next month", "we agreed") and
// the workplace words every note shares ("staff", "team"), which would
// otherwise make every short note look like every other and name every group.
const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves " +
    "just still now even really actually already yet ever never always often much many lot lots every everyone anyone someone something anything nothing nobody thing things way ways " +
    "get gets got getting make makes made making go goes going went gone take takes took taken come came say said says tell told ask asked want wanted need needs needed use used try tried put see seen know knew let like " +
    "one two three four five six seven eight nine ten first second last next new old good bad well back day days week weeks month months year years today yesterday tomorrow time times " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december " +
    "action actions report agreed agree plan planned will shall must might since ago per via etc " +
    "staff team teams people colleague colleagues trust nhs"
  ).split(" "),
);

/** Light suffix stripping, enough to bring "permits" and "permit", "parking" and "parked" together. */
function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith("sses")) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  for (const suffix of ["ing", "ed"]) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      // "running" -> "runn" -> "run"; "stopped" -> "stopp" -> "stop".
      if (w.length >= 4 && w[w.length - 1] === w[w.length - 2] && !"lsz".includes(w[w.length - 1])) w = w.slice(0, -1);
      break;
    }
  }
  return w;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The stems of a text with the surface form each came from, in order. */
function terms(text: string): Array<[stem: string, surface: string]> {
  const out: Array<[string, string]> = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0].replace(/’/g, "'").replace(/'s$/, "");
    if (word.length < 3 || STOPWORDS.has(word) || /^\d/.test(word)) continue;
    out.push([stem(word), word]);
  }
  return out;
}

type Vector = { ids: Int32Array; weights: Float64Array };

/**
 * The n × n similarity matrix, zeroed, in memory kept between calls: a fresh
 * 4 MB (1,000 items) to 16 MB (2,000) array on every call costs more in page
 * faults and garbage collection than the clustering itself. Safe because a
 * call runs to its end before the next starts.
 */
let scratch = new Float32Array(0);
function similarityScratch(length: number): Float32Array {
  if (scratch.length < length) scratch = new Float32Array(length);
  const sim = scratch.subarray(0, length);
  sim.fill(0);
  return sim;
}

/**
 * Groups items into candidate themes: biggest first (ties: the group whose
 * first item came first), each with its top terms (3 to 5, the words that
 * weigh most across its items, shown as most often written) and its item ids
 * in input order.
 */
export function clusterItems(items: ReadonlyArray<{ id: string; text: string }>, opts: ClusterOptions = {}): Cluster[] {
  const minSize = Math.max(1, opts.minSize ?? DEFAULTS.minSize);
  const threshold = opts.threshold ?? DEFAULTS.threshold;
  const maxItems = Math.max(0, opts.maxItems ?? DEFAULTS.maxItems);
  const docs = items.slice(0, maxItems);
  const n = docs.length;
  if (n === 0 || n < minSize) return [];

  // Vocabulary, term counts per item, document frequencies, surface forms.
  const termIndex = new Map<string, number>();
  const surfaces: Array<Map<string, number>> = [];
  const df: number[] = [];
  const counts: Array<Map<number, number>> = docs.map((doc) => {
    const c = new Map<number, number>();
    for (const [s, surface] of terms(doc.text)) {
      let id = termIndex.get(s);
      if (id === undefined) {
        id = termIndex.size;
        termIndex.set(s, id);
        surfaces.push(new Map());
        df.push(0);
      }
      const seen = surfaces[id];
      seen.set(surface, (seen.get(surface) ?? 0) + 1);
      c.set(id, (c.get(id) ?? 0) + 1);
    }
    for (const id of c.keys()) df[id]++;
    return c;
  });

  // TF-IDF, strongest terms only, unit length.
  const vectors: Vector[] = counts.map((c) => {
    const weighted = [...c].map(([id, count]) => [id, (1 + Math.log(count)) * (Math.log((n + 1) / (df[id] + 1)) + 1)] as [number, number]);
    // Strongest first; ties to the earlier term, so the choice is deterministic.
    weighted.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const kept = weighted.slice(0, TERMS_PER_ITEM).sort((x, y) => x[0] - y[0]);
    const norm = Math.sqrt(kept.reduce((sum, [, w]) => sum + w * w, 0));
    return { ids: Int32Array.from(kept, ([id]) => id), weights: Float64Array.from(kept, ([, w]) => (norm > 0 ? w / norm : 0)) };
  });

  // Cosine similarities through an inverted index (only items sharing a term meet).
  const sim = similarityScratch(n * n);
  const postingCount = new Int32Array(df.length);
  for (const v of vectors) for (const id of v.ids) postingCount[id]++;
  const postingStart = new Int32Array(df.length + 1);
  for (let id = 0; id < df.length; id++) postingStart[id + 1] = postingStart[id] + postingCount[id];
  const postingDoc = new Int32Array(postingStart[df.length]);
  const postingWeight = new Float64Array(postingStart[df.length]);
  const fill = postingStart.slice(0, df.length);
  vectors.forEach((v, doc) => {
    for (let k = 0; k < v.ids.length; k++) {
      const at = fill[v.ids[k]]++;
      postingDoc[at] = doc;
      postingWeight[at] = v.weights[k];
    }
  });
  for (let id = 0; id < df.length; id++) {
    const end = postingStart[id + 1];
    for (let x = postingStart[id]; x < end; x++) {
      const row = postingDoc[x] * n;
      const wa = postingWeight[x];
      // Docs were added in order, so postingDoc is ascending: only the upper triangle is filled.
      for (let y = x + 1; y < end; y++) sim[row + postingDoc[y]] += wa * postingWeight[y];
    }
  }
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) sim[b * n + a] = sim[a * n + b];

  // Average linkage by the nearest-neighbour chain (O(n²); average linkage is
  // reducible, so it gives the same merges as the textbook algorithm). A group
  // whose nearest neighbour is below the threshold can never rise above it
  // (a merged group's similarity is a weighted mean of its parts'), so it is
  // set aside as final.
  const size = new Int32Array(n).fill(1);
  const members: number[][] = docs.map((_, i) => [i]);
  // The groups still open, in ascending order (so ties are met in index order).
  const openList = Int32Array.from({ length: n }, (_, i) => i);
  let openCount = n;
  const close = (g: number) => {
    let lo = 0;
    let hi = openCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (openList[mid] < g) lo = mid + 1;
      else hi = mid;
    }
    openList.copyWithin(lo, lo + 1, openCount);
    openCount--;
  };
  const done: number[] = [];
  const chain: number[] = [];
  while (openCount > 0) {
    if (!chain.length) chain.push(openList[0]);
    const a = chain[chain.length - 1];
    const previous = chain.length > 1 ? chain[chain.length - 2] : -1;
    let best = -1;
    let bestSim = -Infinity;
    const row = a * n;
    for (let p = 0; p < openCount; p++) {
      const k = openList[p];
      if (k === a) continue;
      const s = sim[row + k];
      // Ties go to the previous link of the chain, which keeps the chain from cycling.
      if (s > bestSim || (s === bestSim && k === previous)) {
        best = k;
        bestSim = s;
      }
    }
    if (best < 0 || bestSim < threshold) {
      close(a);
      done.push(a);
      // The rest of the chain stays valid (each link is still the nearest of
      // the one before among what is open); the last one's nearest, a, is
      // gone, so it is looked for again.
      chain.pop();
      continue;
    }
    if (best === previous) {
      chain.pop();
      chain.pop();
      // Merge into the lower index; Lance–Williams update for average linkage.
      const [keep, gone] = a < best ? [a, best] : [best, a];
      const sk = size[keep];
      const sg = size[gone];
      for (let p = 0; p < openCount; p++) {
        const k = openList[p];
        if (k === keep || k === gone) continue;
        const s = (sk * sim[keep * n + k] + sg * sim[gone * n + k]) / (sk + sg);
        sim[keep * n + k] = s;
        sim[k * n + keep] = s;
      }
      size[keep] = sk + sg;
      members[keep] = members[keep].concat(members[gone]);
      close(gone);
    } else {
      chain.push(best);
    }
  }

  const groups = done
    .map((g) => members[g].sort((x, y) => x - y))
    .filter((m) => m.length >= minSize)
    .sort((x, y) => y.length - x.length || x[0] - y[0]);

  return groups.map((m) => ({ terms: topTerms(m, vectors, df, surfaces, termIndex.size), itemIds: m.map((i) => docs[i].id) }));
}

/** The terms that weigh most across a group's items, preferring those most of its items share. */
function topTerms(group: number[], vectors: Vector[], df: number[], surfaces: Array<Map<string, number>>, vocabulary: number): string[] {
  const weight = new Float64Array(vocabulary);
  const inItems = new Int32Array(vocabulary);
  for (const i of group) {
    const v = vectors[i];
    for (let k = 0; k < v.ids.length; k++) {
      weight[v.ids[k]] += v.weights[k];
      inItems[v.ids[k]]++;
    }
  }
  const candidates: number[] = [];
  for (let id = 0; id < vocabulary; id++) if (inItems[id] > 0) candidates.push(id);
  // Shared terms first (in at least two items, or all of a one-item group), then by weight, then alphabetically.
  const shared = (id: number) => (inItems[id] >= Math.min(2, group.length) ? 1 : 0);
  candidates.sort((x, y) => shared(y) - shared(x) || weight[y] - weight[x] || df[x] - df[y] || (surface(surfaces[x]) < surface(surfaces[y]) ? -1 : 1));
  const picked = candidates.filter((id) => shared(id)).slice(0, MAX_TERMS);
  for (const id of candidates) {
    if (picked.length >= MIN_TERMS) break;
    if (!picked.includes(id)) picked.push(id);
  }
  return picked.map((id) => surface(surfaces[id]));
}

/** The form a stem was most often written in (ties: alphabetical). */
function surface(forms: Map<string, number>): string {
  let best = "";
  let bestCount = -1;
  for (const [form, count] of forms) if (count > bestCount || (count === bestCount && form < best)) [best, bestCount] = [form, count];
  return best;
}
