/**
 * `gwpolicy request`: which listener, route, rule and policies serve one HTTP request, what the
 * policies decide for it, and what was considered and not chosen.
 */
import { simulate } from '../../explain/simulate.js';
import { locateDiagnostics } from '../../model/locate-diagnostics.js';
import type { JsonObject } from '../../model/types.js';
import { checkRequest } from '../../request/check-request.js';
import { createRequestRouter } from '../../request/create-request-router.js';
import { formatRequestText } from '../../request/format-request.js';
import type { RequestInputProblem } from '../../request/request-types.js';
import { routeRequest } from '../../request/route-request.js';
import {
  choiceOption,
  outputOption,
  RESOLVE_OPTIONS,
  resolveOptionsOf,
  SWITCHES_HELP,
} from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { usage } from '../_internal/command.js';
import { readCommandInputs } from '../_internal/inputs.js';
import { type RequestDocument, versioned } from '../_internal/json-documents.js';
import { exitStatusOf, toJson, toYaml, writeDiagnostics } from '../_internal/report.js';

const help = `Usage: gwpolicy request [FILE...|-] [--gateway NS/NAME] [--listener-set NS/NAME] METHOD URL
                        [-H 'Name: value']... [--source-ip IP] [--jwt-claims JSON]
                        [--order cluster|input] [--admission reject|report]
                        [--enable-lua] [--enable-backend] [--now TIME] [-o text|json|yaml]

Answer for one HTTP request what Envoy, programmed by Envoy Gateway, does with it: the listener
(port, protocol, TLS server name, hostname), the virtual host (exact domain, then the longest
wildcard, then *), the route, rule and match (the first match in Envoy Gateway's route order),
the effective policies there (as explain shows them), what their request-dependent parts decide
(CORS, JWT, authorization, rate limits, redirects), and every listener, virtual host and route
rule that was considered and not chosen, with the reason.

METHOD and URL are the last two arguments: GET https://shop.example.com/cart?x=1. The URL's
host is the TLS server name and, unless -H 'Host: ...' says otherwise, the Host header; its port
defaults to 80 (http) or 443 (https).

FILE is a manifest file or a folder (its *.yaml, *.yml and *.json files, recursively, in path
order). - reads standard input; so does no FILE, unless standard input is a terminal.

Options:
  --gateway NS/NAME          the Gateway whose Envoy receives the request (default: the only
                             accepted Gateway)
  --listener-set NS/NAME     a ListenerSet whose Gateway receives the request; the answer says
                             when a listener of another ListenerSet or the Gateway serves it
  -H, --header 'Name: value' a request header (repeat for more; a repeated name is a repeated
                             header)
  --source-ip IP             the client address Envoy sees (authorization clientCIDRs, rate-limit
                             sourceCIDR); without it, address conditions do not match
  --jwt-claims JSON          the claims of a verified JWT the request carries, as a JSON object;
                             without it, the request has no JWT
  --order cluster|input      route and policy order (default cluster)
  --admission reject|report  objects the API server would refuse (default reject)
${SWITCHES_HELP}  -o, --output text|json|yaml  output format (default text)
  -h, --help                 print this help

Exit status: 0 no error diagnostics, 1 error diagnostics (the answer is still printed), 2 usage
error (a malformed URL, header, IP or JSON is a usage error).
`;

/** `gwpolicy request`. */
export const requestCommand: Command = {
  name: 'request',
  summary: 'which listener, route, rule and policies serve a request, and what they decide',
  help,
  options: {
    gateway: { type: 'string' },
    'listener-set': { type: 'string' },
    header: { type: 'string', short: 'H', multiple: true },
    'source-ip': { type: 'string' },
    'jwt-claims': { type: 'string' },
    ...RESOLVE_OPTIONS,
    ...outputOption(['text', 'json', 'yaml']),
  },
  run: async (args, { io }) => {
    const options = await resolveOptionsOf('request', args);
    const output = choiceOption('request', args, 'output', ['text', 'json', 'yaml'], 'text');
    const positionals = args.positionals;
    if (positionals.length < 2)
      usage('request: give METHOD and URL as the last two arguments; see gwpolicy request --help');
    const method = positionals[positionals.length - 2]!;
    const url = positionals[positionals.length - 1]!;
    const values = args.values;
    const gateway = stringValue(values.gateway);
    if (gateway !== undefined && !/^(Gateway\/)?[^/]+\/[^/]+$/.test(gateway))
      usage(`request: --gateway must be NS/NAME or Gateway/NS/NAME, got '${gateway}'`);
    const listenerSet = stringValue(values['listener-set']);
    if (listenerSet !== undefined && !/^(ListenerSet\/)?[^/]+\/[^/]+$/.test(listenerSet))
      usage(`request: --listener-set must be NS/NAME or ListenerSet/NS/NAME, got '${listenerSet}'`);
    const headers: [string, string][] = [];
    for (const h of Array.isArray(values.header) ? values.header : []) {
      const m = /^([^:\s][^:]*):\s?(.*)$/.exec(String(h));
      if (m === null) usage(`request: -H must be 'Name: value', got '${String(h)}'`);
      headers.push([m[1]!.trim(), m[2]!]);
    }
    const sourceIp = stringValue(values['source-ip']);
    // The library's own reading of the request (method, URL, headers, address): whatever it
    // cannot read is a usage error here, never an answer with an error diagnostic.
    const problem = checkRequest({
      method,
      url,
      headers,
      ...(sourceIp !== undefined ? { sourceIp } : {}),
    });
    if (problem !== null) usage(`request: ${ARGUMENT_OF[problem.field]}: ${problem.message}`);
    let jwtClaims: JsonObject | undefined;
    const claimsText = stringValue(values['jwt-claims']);
    if (claimsText !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(claimsText);
      } catch {
        usage('request: --jwt-claims must be a JSON object');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        usage('request: --jwt-claims must be a JSON object');
      jwtClaims = parsed as JsonObject;
    }
    // FILE... (or a cluster) come before METHOD URL.
    const inputs = await readCommandInputs('request', { ...args, positionals: positionals.slice(0, -2) }, io);
    const simulated = simulate(inputs.sources, options);
    const result = {
      ...simulated,
      diagnostics: locateDiagnostics(simulated.diagnostics, simulated.load, inputs.sources),
    };
    const answer = routeRequest(
      createRequestRouter(result.resolution),
      {
        method,
        url,
        headers,
        ...(sourceIp !== undefined ? { sourceIp } : {}),
        ...(jwtClaims !== undefined ? { jwtClaims } : {}),
      },
      {
        ...(gateway !== undefined ? { gateway } : {}),
        ...(listenerSet !== undefined ? { listenerSet } : {}),
      },
    );
    const diagnostics = [...inputs.diagnostics, ...result.diagnostics, ...answer.diagnostics];
    const document: RequestDocument = versioned('request', { ...answer, diagnostics });
    if (output === 'json') io.stdout(toJson(document));
    else if (output === 'yaml') io.stdout(toYaml(document));
    else io.stdout(formatRequestText(answer));
    writeDiagnostics(io, [...inputs.diagnostics, ...result.diagnostics]);
    return exitStatusOf(diagnostics);
  },
};

/** The argument a request problem is about, as the usage error names it. */
const ARGUMENT_OF: Readonly<Record<RequestInputProblem['field'], string>> = {
  method: 'METHOD',
  url: 'URL',
  header: '-H',
  sourceIp: '--source-ip',
};

function stringValue(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
