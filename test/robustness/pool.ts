/**
 * The parent side of the fuzz suite: one child process (worker.ts) that runs cases one at a
 * time, each within a time budget. A case that overruns its budget is a hang: the child is
 * killed and replaced. A child that dies (a crash, an abort) fails the case it was running.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { WireCase } from './cases.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

/** A request without its id (the pool numbers them). */
type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** What became of one request. */
export type PoolOutcome =
  | { readonly kind: 'reply'; readonly reply: WorkerReply; readonly ms: number }
  | { readonly kind: 'hang'; readonly ms: number }
  | { readonly kind: 'crash'; readonly detail: string; readonly ms: number };

export class FuzzPool {
  readonly #worker: string;
  readonly #lib: string;
  #child: ChildProcess | undefined;
  #ready: Promise<void> | undefined;
  #stderr = '';
  #next = 0;

  /**
   * @param worker - path of the transpiled worker.js
   * @param lib - path of the library's entry the worker imports
   */
  constructor(worker: string, lib: string) {
    this.#worker = worker;
    this.#lib = lib;
  }

  #start(): Promise<void> {
    const child = fork(this.#worker, [this.#lib], {
      execArgv: ['--expose-gc', '--max-semi-space-size=32'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.#stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      this.#stderr = (this.#stderr + d.toString()).slice(-4000);
    });
    this.#child = child;
    this.#ready = new Promise((resolve, reject) => {
      const onMessage = (m: unknown): void => {
        if ((m as { ready?: boolean }).ready === true) {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) =>
        reject(new Error(`the fuzz worker exited at start (${code}): ${this.#stderr}`)),
      );
    });
    return this.#ready;
  }

  #stop(): void {
    this.#child?.kill('SIGKILL');
    this.#child = undefined;
    this.#ready = undefined;
  }

  /** Sends one request and waits for its answer, at most `budgetMs`. */
  async #request(request: Request, budgetMs: number): Promise<PoolOutcome> {
    if (this.#child === undefined) await this.#start();
    else await this.#ready;
    const child = this.#child as ChildProcess;
    const id = this.#next++;
    const start = performance.now();
    return new Promise<PoolOutcome>((resolve) => {
      const done = (outcome: PoolOutcome): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (m: unknown): void => {
        if ((m as { id?: number }).id === id)
          done({ kind: 'reply', reply: m as WorkerReply, ms: performance.now() - start });
      };
      const onExit = (code: number | null, signal: string | null): void => {
        this.#child = undefined;
        this.#ready = undefined;
        done({
          kind: 'crash',
          detail: `exit ${code ?? signal}: ${this.#stderr.trim().split('\n').slice(-3).join(' | ')}`,
          ms: performance.now() - start,
        });
      };
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        this.#stop();
        done({ kind: 'hang', ms: performance.now() - start });
      }, budgetMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ ...request, id } as WorkerRequest);
    });
  }

  /**
   * Runs one case within a budget.
   *
   * @param c - the case
   * @param budgetMs - the time it may take
   * @returns its failures (a hang and a crash are failures too) and its time
   */
  async runCase(c: WireCase, budgetMs: number): Promise<{ failures: readonly string[]; ms: number }> {
    const outcome = await this.#request({ type: 'case', case: c }, budgetMs);
    if (outcome.kind === 'hang')
      return { failures: [`no answer within ${budgetMs} ms (a hang)`], ms: outcome.ms };
    if (outcome.kind === 'crash')
      return { failures: [`the process died: ${outcome.detail}`], ms: outcome.ms };
    const reply = outcome.reply;
    return { failures: reply.type === 'case' ? reply.failures : ['unexpected reply'], ms: outcome.ms };
  }

  /**
   * Measures one scaling shape in the child.
   *
   * @param shape - index into SCALING_SHAPES
   * @param options - runs per size, least time at n, a size to use as it is
   * @returns the measure, or why there is none
   */
  async scaling(
    shape: number,
    options: { readonly k: number; readonly minMs: number; readonly budgetMs: number; readonly n?: number },
  ): Promise<Extract<WorkerReply, { type: 'scaling' }> | string> {
    const { k, minMs, n } = options;
    const outcome = await this.#request(
      { type: 'scaling', shape, k, minMs, ...(n === undefined ? {} : { n }) },
      options.budgetMs,
    );
    if (outcome.kind === 'hang') return `no answer within ${options.budgetMs} ms`;
    if (outcome.kind === 'crash') return `the process died: ${outcome.detail}`;
    return outcome.reply.type === 'scaling' ? outcome.reply : 'unexpected reply';
  }

  /** Stops the child. */
  close(): void {
    this.#stop();
  }
}
