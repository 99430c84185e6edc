import { describe, expect, it } from 'vitest';
import { paragraphsOf, parseSource } from '../../src/core/paragraphs.js';
import { splitSentences } from '../../src/core/sentences.js';

const sentences = (text: string) => splitSentences(text, paragraphsOf(parseSource(text, 'txt'), text)).map((s) => s.text);

describe('sentences', () => {
  it('does not end a sentence at "U.S." before a lowercase word or a name', () => {
    expect(sentences('U.S. imports rose. The U.S. Senate agreed.')).toEqual(['U.S. imports rose.', 'The U.S. Senate agreed.']);
  });

  it('ends a sentence after "U.S." when a new sentence clearly starts', () => {
    expect(sentences('Trade went to the U.S. The rest went to China.')).toEqual(['Trade went to the U.S.', 'The rest went to China.']);
  });

  it('keeps "No. 1", "Dr." and initials inside their sentence', () => {
    expect(sentences('It ranked No. 1 in Asia. Dr. Smith and J. R. Jones agreed.')).toEqual([
      'It ranked No. 1 in Asia.',
      'Dr. Smith and J. R. Jones agreed.',
    ]);
  });

  it('keeps decimals and money whole', () => {
    expect(sentences('Exports hit $13.9 billion, up 3.5 percent. Imports fell.')).toEqual([
      'Exports hit $13.9 billion, up 3.5 percent.',
      'Imports fell.',
    ]);
  });

  it('splits after a closing quote', () => {
    expect(sentences('He said, “We will win.” Then he left.')).toEqual(['He said, “We will win.”', 'Then he left.']);
  });

  it('splits where the space after a full stop is missing', () => {
    expect(sentences('The vote ended.The count began.')).toEqual(['The vote ended.', 'The count began.']);
  });

  it('does not split file names, versions or abbreviations like e.g.', () => {
    expect(sentences('See Node.js v1.2 e.g. here. Done.')).toEqual(['See Node.js v1.2 e.g. here.', 'Done.']);
  });

  it('treats each line of a paragraph as its own unit unless the next line continues in lowercase', () => {
    expect(sentences('A caption line\nThe body starts here.\nand wraps on.')).toEqual([
      'A caption line',
      'The body starts here.\nand wraps on.',
    ]);
  });

  it('reads a very long line of dotted initials as one sentence', () => {
    const text = 'a.'.repeat(200_000);
    expect(sentences(text)).toEqual([text]);
  });
});
