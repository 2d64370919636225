/**
 * The core in a browser: bundled for `platform: 'browser'` with no externals (no error, no
 * warning), loaded in headless Chromium (Debian's `chromium`, driven by puppeteer-core), it gives
 * Node's answers: the diagnostics, the policy status and the explain result of `simulate` on every
 * Envoy Gateway translator input (`gatewayapi/`, `gatewayapi-extensions/`) are the same JSON.
 * Results cross to a Web Worker and back by structured clone and still give the same answers.
 *
 * Skips, saying so, when no Chromium is found (`CHROMIUM_PATH` names one); `.ci/run` installs it
 * and sets `GWP_REQUIRE_CHROMIUM=1`, under which a missing browser fails instead.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { explain, loadProfileCrds, policyStatus, simulate } from 'gateway-policy-sim';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EG_TESTDATA, egTestData } from '../_support/eg-testdata.js';
import { exampleSources } from '../_support/examples.js';
import { type BrowserBundle, bundleForBrowser } from './_bundle.js';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => p !== undefined && p !== '');
const chromium = CANDIDATES.find((p) => existsSync(p));
if (chromium === undefined) {
  const message = `test/browser: no Chromium found (tried ${CANDIDATES.join(', ')}; set CHROMIUM_PATH)`;
  if (process.env.GWP_REQUIRE_CHROMIUM === '1') throw new Error(message);
  console.warn(`${message}: the browser tests are skipped`);
}

/** Every translator input of Envoy Gateway's test data, or none when it is absent. */
function translatorInputs(): { file: string; text: string }[] {
  return ['gatewayapi', 'gatewayapi-extensions'].flatMap((dir) => {
    const full = egTestData(dir);
    if (!existsSync(full)) return [];
    return readdirSync(full)
      .filter((f) => f.endsWith('.in.yaml'))
      .sort()
      .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(path.join(full, f), 'utf8') }));
  });
}
const inputs = translatorInputs();
if (inputs.length === 0)
  console.warn(`test/browser: ${EG_TESTDATA} is absent; the comparison on Envoy Gateway's inputs is skipped`);

/** The JSON the browser must reproduce: diagnostics, status and explain of `simulate`. */
function answerInNode(sources: readonly { file: string; text: string }[], profile?: unknown): string {
  const s = simulate(sources, profile === undefined ? {} : { profile: profile as never });
  return JSON.stringify({
    diagnostics: s.diagnostics,
    status: policyStatus(s.resolution),
    explain: explain(s.resolution),
  });
}

/** What the page's module puts on `window`. */
interface PageApi {
  answerWithCrds(sources: readonly { file: string; text: string }[]): Promise<string>;
  answerAll(
    inputs: readonly { file: string; text: string }[],
  ): Promise<{ page: string[]; inWorker: string[]; backFromWorker: string[] }>;
}

/** The worker: the answers of results handed in, and its own results handed back. */
const WORKER = `
import { explain, policyStatus, simulate } from '/index.js';
onmessage = ({ data }) => {
  const answers = data.results.map((s) =>
    JSON.stringify({ diagnostics: s.diagnostics, status: policyStatus(s.resolution), explain: explain(s.resolution) }),
  );
  const results = data.inputs.map((input) => simulate([input]));
  postMessage({ answers, results });
};
`;

/**
 * The page's module (a string: the test's own code is transformed by vitest, and the browser must
 * run exactly this). It puts the library and the two runs the tests ask for on `window`.
 */
const PAGE = `
import * as gwp from '/index.js';
const answer = (s) =>
  JSON.stringify({ diagnostics: s.diagnostics, status: gwp.policyStatus(s.resolution), explain: gwp.explain(s.resolution) });
window.answerWithCrds = async (sources) => answer(gwp.simulate(sources, { profile: await gwp.loadProfileCrds() }));
window.answerAll = async (inputs) => {
  const results = inputs.map((input) => gwp.simulate([input]));
  const page = results.map(answer);
  const worker = new Worker('/worker.js', { type: 'module' });
  const reply = await new Promise((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ results, inputs });
  });
  worker.terminate();
  return { page, inWorker: reply.answers, backFromWorker: reply.results.map(answer) };
};
window.ready = true;
`;

let bundle: BrowserBundle;
let server: Server;
let browser: Browser | undefined;
let page: Page;
let origin: string;

beforeAll(async () => {
  bundle = await bundleForBrowser("export * from './src/index.ts';", false);
  if (chromium === undefined) return;
  const files = new Map(bundle.files);
  files.set('/worker.js', new TextEncoder().encode(WORKER));
  files.set('/page.js', new TextEncoder().encode(PAGE));
  files.set(
    '/',
    new TextEncoder().encode(
      '<!doctype html><title>gateway-policy-sim</title><script type="module" src="/page.js"></script>',
    ),
  );
  server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const type = req.url === '/' ? 'text/html' : 'text/javascript';
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { launch } = await import('puppeteer-core');
  browser = await launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/`);
  await page.waitForFunction('window.ready === true', { timeout: 30_000 });
  if (errors.length > 0) throw new Error(errors.join('\n'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('the core bundled for the browser', () => {
  test('builds with esbuild (platform browser, no externals) with no error and no warning', () => {
    expect([...bundle.errors, ...bundle.warnings].map((m) => m.text)).toEqual([]);
    expect(bundle.files.has('/index.js')).toBe(true);
  });
});

describe.skipIf(chromium === undefined)('the core in headless Chromium', () => {
  test("the bundled example, with the CRD set loaded in the page (the admission chunk by import()), gives Node's diagnostics, status and explain", async () => {
    const sources = exampleSources();
    const inNode = answerInNode(sources, await loadProfileCrds());

    const inBrowser = (await page.evaluate(
      (sources) => (globalThis as unknown as PageApi).answerWithCrds(sources),
      sources,
    )) as string;

    expect(JSON.parse(inBrowser)).toEqual(JSON.parse(inNode));
    expect(JSON.parse(inNode).status.BackendTrafficPolicy.length).toBeGreaterThan(0);
  });

  test.skipIf(inputs.length === 0)(
    `every Envoy Gateway translator input (${inputs.length}) gives Node's answers, in the page and through a Web Worker both ways`,
    async () => {
      const inNode = inputs.map((input) => answerInNode([input]));
      // The answers say something: most inputs give some policy an ancestor with conditions.
      expect(inNode.filter((a) => a.includes('"conditions":[{')).length).toBeGreaterThan(inputs.length / 4);

      // One batch: the page simulates every input, hands its results to a worker (structured
      // clone) for their answers, and takes the worker's own results back to answer them here.
      const fromBrowser = await page.evaluate(
        (inputs) => (globalThis as unknown as PageApi).answerAll(inputs),
        inputs,
      );

      const differing = (answers: readonly string[]) =>
        inputs.filter((_, i) => answers[i] !== inNode[i]).map((input) => input.file);
      const same = inputs.length - differing(fromBrowser.page).length;
      console.info(`test/browser: Chromium equals Node on ${same}/${inputs.length} Envoy Gateway inputs`);

      expect(differing(fromBrowser.page)).toEqual([]);
      expect(differing(fromBrowser.inWorker)).toEqual([]);
      expect(differing(fromBrowser.backFromWorker)).toEqual([]);
    },
    300_000,
  );
});
