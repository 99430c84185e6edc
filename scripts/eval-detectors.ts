/**
 * Recall and precision of every flag rule on labelled articles.
 *
 *   npm run eval:detectors [-- DIR ...] [-- --json] [-- --verbose]
 *
 * Each DIR holds articles (.txt / .md) and a labels.json naming, per file, the
 * planted defects (a rule and short quotes from the statements involved) and
 * the traps (correct text that looks like a defect). A defect is found when a
 * flag of its rule has a span overlapping one of its quotes; a flag of another
 * rule there counts as found under the wrong rule. Any other flag is a false
 * alarm, and is reported with the trap it fell into, if any. The folders are
 * analysed as one corpus each, so checks across sources run too.
 *
 * Without DIR, the bundled sets under bench/detectors/ are scored, each and
 * by group: `dev-*` (articles the detectors were improved against) and
 * `holdout-*` (written by people who never saw the code, scored only to
 * report).
 *
 * Exit codes: 0 ok, 2 a folder or its labels are missing or malformed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { analyzeCorpus, formatOf } from '../src/core/pipeline.js';
import { RULES, type Flag, type RuleId } from '../src/core/types.js';

const Quotes = z.array(z.string().min(1)).min(1);
const Labels = z.array(
  z.object({
    file: z.string().min(1),
    defects: z.array(z.object({ rule: z.enum(RULES as unknown as [RuleId, ...RuleId[]]), quotes: Quotes, note: z.string().optional() })),
    traps: z.array(z.object({ looksLike: z.string(), quotes: Quotes, note: z.string().optional() })),
  }),
);
type Label = z.infer<typeof Labels>[number];

export interface RuleScore {
  found: number;
  wrongRule: number;
  missed: number;
  falseAlarms: number;
}

export interface SetScore {
  name: string;
  articles: number;
  rules: Record<string, RuleScore>;
  /** One line per miss, wrong rule and false alarm, for --verbose. */
  notes: string[];
}

const emptyScore = (): RuleScore => ({ found: 0, wrongRule: 0, missed: 0, falseAlarms: 0 });

class LabelError extends Error {}

function readLabels(dir: string): Label[] {
  const path = join(dir, 'labels.json');
  if (!existsSync(path)) throw new LabelError(`${path}: no such file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LabelError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = Labels.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LabelError(`${path}: ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Every place a quote occurs in the text (a quote may be short enough to occur twice). */
function placesOf(text: string, quote: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) out.push([i, i + quote.length]);
  return out;
}

/** Score one labelled folder. */
export function scoreSet(dir: string, name = dir): SetScore {
  const labels = readLabels(dir);
  const idOf = (file: string): string => file.replace(/\.[^.]+$/, '');
  const inputs = labels.map((l) => {
    const path = join(dir, l.file);
    if (!existsSync(path)) throw new LabelError(`${path}: named in labels.json but missing`);
    return { id: idOf(l.file), path, text: readFileSync(path, 'utf8'), format: formatOf(l.file) };
  });
  const { analysis } = analyzeCorpus(inputs);
  const flags: Flag[] = [...analysis.sources.flatMap((s) => s.flags), ...analysis.crossFlags];
  const rules: Record<string, RuleScore> = Object.fromEntries(RULES.map((r) => [r, emptyScore()]));
  const notes: string[] = [];
  labels.forEach((label, k) => {
    const { id, text } = inputs[k]!;
    for (const q of [...label.defects, ...label.traps].flatMap((x) => x.quotes)) {
      if (!text.includes(q)) throw new LabelError(`${join(dir, label.file)}: quote not in the text: ${JSON.stringify(q)}`);
    }
    const hits = (f: Flag, quotes: readonly string[]): boolean =>
      f.spans.some((s) => s.sourceId === id && quotes.some((q) => placesOf(text, q).some(([a, b]) => s.start < b && a < s.end)));
    const mine = flags.filter((f) => f.spans.some((s) => s.sourceId === id));
    const used = new Set<Flag>();
    for (const d of label.defects) {
      const right = mine.find((f) => !used.has(f) && f.rule === d.rule && hits(f, d.quotes));
      const other = right ?? mine.find((f) => !used.has(f) && hits(f, d.quotes));
      if (right) rules[d.rule]!.found++;
      else if (other) {
        rules[d.rule]!.wrongRule++;
        notes.push(`wrong rule  ${label.file}: ${d.rule} flagged as ${other.rule}: ${other.message}`);
      } else {
        rules[d.rule]!.missed++;
        notes.push(`missed      ${label.file}: ${d.rule}: ${d.quotes.join(' | ')}`);
      }
      if (other) used.add(other);
    }
    for (const f of mine) {
      // A second flag on a planted defect is not a false alarm.
      if (used.has(f) || label.defects.some((d) => hits(f, d.quotes))) continue;
      rules[f.rule]!.falseAlarms++;
      const trap = label.traps.find((t) => hits(f, t.quotes));
      notes.push(`false alarm ${label.file}: ${f.rule}${trap ? ` (trap: ${trap.looksLike})` : ''}: ${f.message}`);
    }
  });
  return { name, articles: labels.length, rules, notes };
}

/** Several sets' scores added up. */
export function combine(name: string, sets: readonly SetScore[]): SetScore {
  const rules: Record<string, RuleScore> = Object.fromEntries(RULES.map((r) => [r, emptyScore()]));
  for (const set of sets) {
    for (const [rule, s] of Object.entries(set.rules)) for (const k of Object.keys(s) as (keyof RuleScore)[]) rules[rule]![k] += s[k];
  }
  return { name, articles: sets.reduce((n, s) => n + s.articles, 0), rules, notes: [] };
}

const ratio = (a: number, b: number): string => (b === 0 ? '–' : (a / b).toFixed(2));

/** Per-rule table: recall counts a defect flagged under another rule as missed; precision counts it as a false alarm. */
export function formatScores(sets: readonly SetScore[]): string {
  const lines: string[] = [];
  for (const set of sets) {
    lines.push(`${set.name} (${set.articles} articles)`);
    lines.push(`  ${'rule'.padEnd(24)} ${'found'.padStart(5)} ${'wrong'.padStart(5)} ${'missed'.padStart(6)} ${'false'.padStart(5)} ${'recall'.padStart(6)} ${'prec.'.padStart(6)}`);
    const total = emptyScore();
    for (const [rule, s] of Object.entries(set.rules)) {
      for (const k of Object.keys(total) as (keyof RuleScore)[]) total[k] += s[k];
      const planted = s.found + s.wrongRule + s.missed;
      lines.push(`  ${rule.padEnd(24)} ${String(s.found).padStart(5)} ${String(s.wrongRule).padStart(5)} ${String(s.missed).padStart(6)} ${String(s.falseAlarms).padStart(5)} ${ratio(s.found, planted).padStart(6)} ${ratio(s.found, s.found + s.falseAlarms).padStart(6)}`);
    }
    const planted = total.found + total.wrongRule + total.missed;
    lines.push(`  ${'all rules'.padEnd(24)} ${String(total.found).padStart(5)} ${String(total.wrongRule).padStart(5)} ${String(total.missed).padStart(6)} ${String(total.falseAlarms).padStart(5)} ${ratio(total.found, planted).padStart(6)} ${ratio(total.found, total.found + total.falseAlarms + total.wrongRule).padStart(6)}`);
  }
  return lines.join('\n');
}

const BUNDLED = new URL('../bench/detectors/', import.meta.url).pathname;

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose');
  let dirs = argv.filter((a) => !a.startsWith('--'));
  if (dirs.length === 0) dirs = readdirSync(BUNDLED, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(BUNDLED, d.name)).sort();
  try {
    const each = dirs.map((d) => scoreSet(resolve(d), d.startsWith(BUNDLED) ? d.slice(BUNDLED.length) : d));
    // Bundled sets are named group-letter ("dev-a", "holdout-f"): each group is also scored as a whole.
    const groups = new Map<string, SetScore[]>();
    for (const s of each) {
      const g = /^([a-z]+)-/.exec(s.name)?.[1];
      if (g) groups.set(g, [...(groups.get(g) ?? []), s]);
    }
    const sets = [...each, ...[...groups].filter(([, g]) => g.length > 1).map(([name, g]) => combine(`${name} (all sets)`, g))];
    if (json) process.stdout.write(`${JSON.stringify(sets.map(({ notes, ...s }) => s), null, 2)}\n`);
    else process.stdout.write(`${formatScores(sets)}\n`);
    if (verbose) for (const s of sets) for (const n of s.notes) process.stdout.write(`${s.name}: ${n}\n`);
    return 0;
  } catch (error) {
    if (error instanceof LabelError) {
      process.stderr.write(`eval:detectors: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
