/**
 * The body of one analysis thread (see workers.ts): analyse and store each
 * source it is sent, and send back what the build needs of it. An error
 * about one source goes back as a reply, so the build can name the file.
 */
import { parentPort } from 'node:worker_threads';
import { analyseAndStore } from './build.js';
import { UserError } from './errors.js';
import { analysisProblem, type WorkReply, type WorkRequest } from './workers.js';

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs on a worker thread started by workers.ts');

port.on('message', ({ index, dir, input }: WorkRequest) => {
  let reply: WorkReply;
  try {
    reply = { index, ok: true, result: analyseAndStore(dir, input) };
  } catch (error) {
    reply = error instanceof UserError
      ? { index, ok: false, subject: error.subject, problem: error.problem }
      : { index, ok: false, problem: analysisProblem(error) };
  }
  port.postMessage(reply);
});
