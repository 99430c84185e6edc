import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpans, segment, type Mark } from '../../src/server/marks.js';

describe('segments of a marked paragraph', () => {
  it('tile the paragraph exactly, each an exact slice of the source, for any marks', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.nat(20),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 120 }), fc.integer({ min: -5, max: 120 }), fc.constantFrom('claim', 'flag', 'corroboration', 'hit')), { maxLength: 12 }),
        (body, lead, raw) => {
          const source = `${'x'.repeat(lead)}${body}tail`;
          const block = { start: lead, end: lead + body.length, text: body };
          const marks: Mark[] = raw.map(([a, b, kind], i) => ({ start: Math.min(a, b), end: Math.max(a, b), kind: kind as Mark['kind'], id: String(i) }));
          const segs = segment(block, marks);
          let at = block.start;
          for (const s of segs) {
            expect(s.start).toBe(at);
            expect(source.slice(s.start, s.end)).toBe(s.text);
            for (const m of marks) {
              const covers = m.end > m.start && m.start < s.end && m.end > s.start;
              expect(s.marks.some((x) => x.id === m.id)).toBe(covers && m.end > block.start && m.start < block.end);
            }
            at = s.end;
          }
          expect(at).toBe(block.end);
          expect(segs.map((s) => s.text).join('')).toBe(body);
        },
      ),
    );
  });

  it('reads highlight spans from a link and ignores what is malformed', () => {
    expect(parseSpans('12-40,51-60')).toEqual([{ start: 12, end: 40 }, { start: 51, end: 60 }]);
    expect(parseSpans('40-12,x,7-7,3-9')).toEqual([{ start: 3, end: 9 }]);
    expect(parseSpans(undefined)).toEqual([]);
  });
});
