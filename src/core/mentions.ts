/**
 * Quantities, dates and named entities inside a span of text, with their own
 * exact sub-spans and normalised values. (Stub: being written.)
 */
import type { DateMention, Entity, Quantity } from './types.js';

export interface DateContext {
  /** ISO date of the article, when known: resolves "last year". */
  articleDate?: string;
}

export function extractQuantities(_text: string, _start: number, _end: number): Quantity[] {
  return [];
}

export function extractDates(_text: string, _start: number, _end: number, _ctx: DateContext = {}): DateMention[] {
  return [];
}

export function extractEntities(_text: string, _start: number, _end: number): Entity[] {
  return [];
}
