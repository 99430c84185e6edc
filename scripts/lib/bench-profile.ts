/**
 * Summarise a V8 .cpuprofile (from `node --cpu-prof`): the functions with
 * the most self time and the claimtrace functions with the most inclusive
 * time, so a slow stage can be pinned on named functions.
 *
 *   npx tsx scripts/lib/bench-profile.ts bench-output/profiles/<file>.cpuprofile [--top 25]
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

const ROOT_URL = new URL('../../', import.meta.url).href;

function label(cf: CallFrame): { name: string; where: string } {
  const url = cf.url.startsWith(ROOT_URL) ? cf.url.slice(ROOT_URL.length) : cf.url.replace(/^.*node_modules\//, 'node_modules/');
  // tsx-compiled sources report line 1 for everything; a file name is all that is meaningful there.
  const line = cf.lineNumber > 0 ? `:${cf.lineNumber + 1}` : '';
  return { name: cf.functionName || '(anonymous)', where: url ? `${url}${line}` : '' };
}

export function summarizeProfile(profile: CpuProfile): { totalMs: number; functions: FunctionTime[] } {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const key = (n: ProfileNode): string => {
    const l = label(n.callFrame);
    return `${l.name}\u0000${l.where}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    let node = byId.get(profile.samples[i]!);
    if (!node) continue;
    self.set(key(node), (self.get(key(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      node = byId.get(id)!;
      const k = key(node);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  }
  const functions = [...total.entries()].map(([k, t]) => {
    const [name, where] = k.split('\u0000') as [string, string];
    return { name, where, selfMs: self.get(k) ?? 0, totalMs: t };
  });
  return { totalMs, functions };
}

export function formatProfile(summary: ReturnType<typeof summarizeProfile>, top = 25): string {
  const lines: string[] = [];
  const row = (f: FunctionTime) =>
    `  ${f.selfMs.toFixed(0).padStart(8)} ${((100 * f.selfMs) / summary.totalMs).toFixed(1).padStart(5)}% ${f.totalMs.toFixed(0).padStart(8)} ${((100 * f.totalMs) / summary.totalMs).toFixed(1).padStart(5)}%  ${f.name}  ${f.where}`;
  lines.push(`profile: ${(summary.totalMs / 1000).toFixed(1)} s sampled`);
  lines.push('  top self time:    self ms       total ms');
  for (const f of [...summary.functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) lines.push(row(f));
  lines.push('  claimtrace functions by inclusive time (src/):');
  for (const f of summary.functions.filter((x) => x.where.startsWith('src/')).sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) lines.push(row(f));
  return lines.join('\n');
}

/** The biggest profile in a directory (the main thread's, not a loader thread's). */
export function mainProfile(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bench-profile.ts <file.cpuprofile> [--top N]');
  const i = process.argv.indexOf('--top');
  const top = i > 0 ? Number(process.argv[i + 1]) : 25;
  process.stdout.write(`${formatProfile(summarizeProfile(readProfile(file)), top)}\n`);
}
