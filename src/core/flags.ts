/**
 * Flags are vfile messages (ruleId + source 'claimtrace') so vfile-reporter
 * prints them lint-style, and plain Flag data so they can be stored and served.
 */
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { shortHash } from './hash.js';
import type { Corroboration, Flag, FlagSpan, RuleId } from './types.js';

export const SOURCE = 'claimtrace';

function spanKey(spans: readonly FlagSpan[]): string {
  return spans.map((s) => `${s.sourceId}:${s.start}-${s.end}`).join('|');
}

/** Build a Flag with a stable id (same rule and spans → same id). */
export function makeFlag(rule: RuleId, message: string, spans: FlagSpan[], fix?: Flag['fix']): Flag {
  const flag: Flag = { id: `f_${shortHash(`${rule}|${spanKey(spans)}`)}`, rule, message, spans };
  if (fix) flag.fix = fix;
  return flag;
}

export function makeCorroboration(kind: Corroboration['kind'], message: string, spans: FlagSpan[]): Corroboration {
  return { id: `k_${shortHash(`${kind}|${spanKey(spans)}`)}`, kind, message, spans };
}

/** Report a flag on a file at the first of its spans that lies in that file. */
export function reportFlag(file: VFile, sourceId: string, flag: Flag): void {
  const span = flag.spans.find((s) => s.sourceId === sourceId);
  if (!span) return;
  const loc = location(file);
  const start = loc.toPoint(span.start);
  const end = loc.toPoint(span.end);
  const message = file.message(flag.message, {
    place: start && end ? { start, end } : start,
    ruleId: flag.rule,
    source: SOURCE,
  });
  message.url = `#${flag.id}`;
  const others = flag.spans.filter((s) => s !== span);
  if (others.length > 0) {
    message.note = others.map((s) => `also ${s.sourceId === sourceId ? '' : `${s.sourceId} `}${s.start}-${s.end}: “${s.text}”`).join('\n');
  }
}
