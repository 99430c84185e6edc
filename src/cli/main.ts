/**
 * claimtrace command line. A thin layer: parse arguments, read files at the
 * edge, call the core, print. Every failure a person can cause is one line
 * on stderr and exit code 2; flags found by `check` give exit code 1.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { UserError } from '../store/errors.js';
import { stableStringify } from '../store/json.js';
import { assignIds, readSource, readSourceDir } from '../store/sources.js';
import { reanchorAll } from '../store/reanchor.js';
import { updateSearchIndex } from '../store/search-index.js';
import { applyReviews } from './review.js';
import { toOutput } from './output.js';

export interface CommandContext {
  args: string[];
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export type Command = {
  summary: string;
  usage: string;
  run: (ctx: CommandContext) => Promise<number> | number;
};

export const DEFAULTS = { sources: 'sources', annotations: 'annotations' };

/** parseArgs with its errors turned into one-line UserErrors naming the option. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UserError('arguments', (error as Error).message.replace(/\. To specify.*$/s, '').split('\n')[0]!);
  }
}

/** `--jobs`: how many analysis threads a build may use. */
export function jobsOf(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UserError('--jobs', `expected a whole number of threads 1–64, got "${value}"`);
  return n;
}

function readFiles(files: string[]) {
  const ids = assignIds(files);
  return files.map((f, i) => readSource(f, { id: ids[i]!, displayPath: f }));
}

// The detectors (and the lint-style reporter) are loaded by the commands that analyse, not by this module:
// `serve` imports it too, and over prebuilt annotations it starts faster without them.
const detectors = () => import('../core/pipeline.js');
const lint = async () => (await import('vfile-reporter')).reporter;
const builder = () => import('../store/workers.js');

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

const commands: Record<string, Command> = {
  analyze: {
    summary: 'analyse files and print the result',
    usage: 'claimtrace analyze <file...> [--json]',
    run: async ({ args, stdout }) => {
      const { values, positionals } = parse(args, { json: { type: 'boolean' } });
      if (positionals.length === 0) throw new UserError('analyze', 'give at least one file to analyse');
      const inputs = readFiles(positionals);
      const { analysis, files } = (await detectors()).analyzeCorpus(inputs);
      if (values.json) {
        stdout(stableStringify(toOutput(analysis)));
      } else {
        const out = toOutput(analysis);
        for (const s of out.sources) {
          const claims = out.claims.filter((c) => c.sourceId === s.id).length;
          const captions = out.captions.filter((c) => c.sourceId === s.id).length;
          stdout(`${s.path}: ${count(s.paragraphs.length, 'paragraph')}, ${count(claims, 'claim')}, ${count(captions, 'caption')}\n`);
        }
        const report = (await lint())(files, { quiet: true });
        if (report) stdout(`${report}\n`);
      }
      return 0;
    },
  },
  build: {
    summary: 'write annotations/ from sources/',
    usage: 'claimtrace build [--sources dir] [--annotations dir] [--jobs n]',
    run: async ({ args, stdout }) => {
      const { values } = parse(args, { sources: { type: 'string' }, annotations: { type: 'string' }, jobs: { type: 'string' } }, false);
      const jobs = values.jobs === undefined ? undefined : jobsOf(values.jobs);
      const started = performance.now();
      const inputs = readSourceDir(values.sources ?? DEFAULTS.sources);
      const result = await (await builder()).buildAnnotationsInParallel(resolve(values.annotations ?? DEFAULTS.annotations), inputs, { jobs });
      // Reviews of changed sources follow their text (or are marked orphaned); never dropped.
      const reanchored = await reanchorAll(resolve(values.annotations ?? DEFAULTS.annotations), result.fresh, inputs);
      // The viewer's search index is part of the build: serving loads it rather than rebuilding it.
      const search = updateSearchIndex(resolve(values.annotations ?? DEFAULTS.annotations));
      const ms = Math.round(performance.now() - started);
      const flags = result.index.sources.reduce((n, s) => n + s.own.flags, 0) + result.index.crossFlags.length;
      stdout(
        `built ${values.annotations ?? DEFAULTS.annotations}/ from ${inputs.length} sources ` +
          `(${result.analysed.length} analysed, ${inputs.length - result.analysed.length} unchanged; ` +
          `${result.written.length} files written; ${flags} flags; search index ${search.rebuilt === 'none' ? 'unchanged' : search.rebuilt === 'full' ? 'rebuilt' : 'updated'}) in ${ms} ms\n`,
      );
      for (const r of reanchored) {
        if (r.skipped) stdout(`reviews of ${r.sourceId} left as they were: ${r.skipped}\n`);
        else if (r.changed) stdout(`reviews of ${r.sourceId}: ${r.kept.length} kept, ${r.moved.length} moved, ${r.orphaned.length} orphaned\n`);
      }
      return 0;
    },
  },
  check: {
    summary: 'print unresolved flags lint-style and orphaned reviews; exit 1 when any flag is unresolved',
    usage: 'claimtrace check [file...] [--sources dir] [--annotations dir]',
    run: async ({ args, stdout, stderr }) => {
      const { values, positionals } = parse(args, { sources: { type: 'string' }, annotations: { type: 'string' } });
      if (positionals.length > 0 && values.sources) throw new UserError('--sources', 'give files or --sources, not both');
      const inputs = positionals.length > 0 ? readFiles(positionals) : readSourceDir(values.sources ?? DEFAULTS.sources);
      const { analysis, files } = (await detectors()).analyzeCorpus(inputs);
      // A flag an editor confirmed or dismissed is resolved; only the rest fail the check.
      const reviews = applyReviews(resolve(values.annotations ?? DEFAULTS.annotations), analysis, files);
      const total = reviews.unresolved;
      const report = (await lint())(files, { quiet: true });
      if (report) stdout(`${report}\n`);
      for (const line of reviews.lines) stdout(line);
      if (total === 0) stderr('no unresolved flags\n');
      return total > 0 ? 1 : 0;
    },
  },
};

export function registerCommand(name: string, command: Command): void {
  commands[name] = command;
}

function help(): string {
  const lines = Object.entries(commands).map(([, c]) => `  ${c.usage.padEnd(58)} ${c.summary}`);
  return `claimtrace: trace factual claims to their exact words\n\nusage:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: Omit<CommandContext, 'args'>): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`claimtrace: unknown command "${name}"; try \`claimtrace --help\`\n`);
    return 2;
  }
  try {
    return await command.run({ ...io, args });
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr(`claimtrace: ${error.message}\n`);
      return error.exitCode;
    }
    // Anything else is our bug; still one line, with the stack only on request.
    const e = error as Error;
    io.stderr(`claimtrace: internal error: ${e?.message ?? String(e)}${process.env.CLAIMTRACE_DEBUG ? `\n${e?.stack}` : ''}\n`);
    return 2;
  }
}
