/**
 * Flags are vfile messages (ruleId + source 'claimtrace') so vfile-reporter
 * prints them lint-style, and plain Flag data so they can be stored and served.
 */
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { shortHash } from './hash.js';
import type { Corroboration, Flag, FlagSpan, RuleId } from './types.js';

export const SOURCE = 'claimtrace';

/**
 * What a flag's id is made of: the sources and the words of its spans, not
 * their offsets. An edit elsewhere in the text moves every offset after it;
 * an id built from offsets would then change, and an editor's decision on
 * the flag (confirmed, dismissed) would no longer find it. The same words
 * flagged twice in one source are told apart by `uniqueIds`.
 */
function spanKey(spans: readonly FlagSpan[]): string {
  return spans.map((s) => `${s.sourceId}:${s.text.replace(/\s+/g, ' ').trim()}`).join('|');
}

/** Ids made unique in order: a repeated id gets `_2`, `_3`, … (deterministic, since detectors emit in text order). */
export function uniqueIds<T extends { id: string }>(items: T[]): T[] {
  const seen = new Map<string, number>();
  for (const item of items) {
    const n = (seen.get(item.id) ?? 0) + 1;
    seen.set(item.id, n);
    if (n > 1) item.id = `${item.id}_${n}`;
  }
  return items;
}

/** Build a Flag with a stable id (same rule, sources and words → same id). */
export function makeFlag(rule: RuleId, message: string, spans: FlagSpan[], fix?: Flag['fix']): Flag {
  const flag: Flag = { id: `f_${shortHash(`${rule}|${spanKey(spans)}`)}`, rule, message, spans };
  if (fix) flag.fix = fix;
  return flag;
}

export function makeCorroboration(kind: Corroboration['kind'], message: string, spans: FlagSpan[]): Corroboration {
  return { id: `k_${shortHash(`${kind}|${spanKey(spans)}`)}`, kind, message, spans };
}

const locations = new WeakMap<VFile, ReturnType<typeof location>>();

/** Report a flag on a file at the first of its spans that lies in that file. */
export function reportFlag(file: VFile, sourceId: string, flag: Flag): void {
  const span = flag.spans.find((s) => s.sourceId === sourceId);
  if (!span) return;
  // Building a line index reads the whole text: once per file, not once per flag.
  let loc = locations.get(file);
  if (!loc) locations.set(file, (loc = location(file)));
  const start = loc.toPoint(span.start);
  const end = loc.toPoint(span.end);
  // A VFileMessage is an Error, whose constructor records a stack trace that the message then replaces
  // with '' (vfile-message sets `stack` itself). Recording none gives the same message at a fifth of the cost.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let message: ReturnType<VFile['message']>;
  try {
    message = file.message(flag.message, {
      place: start && end ? { start, end } : start,
      ruleId: flag.rule,
      source: SOURCE,
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  message.url = `#${flag.id}`;
  const others = flag.spans.filter((s) => s !== span);
  if (others.length > 0) {
    message.note = others.map((s) => `also ${s.sourceId === sourceId ? '' : `${s.sourceId} `}${s.start}-${s.end}: “${s.text}”`).join('\n');
  }
}
