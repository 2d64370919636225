/**
 * `checkRequest`: whether `routeRequest` can read a request at all (its method, URL, headers and
 * client address), with the same parser `routeRequest` uses, so a caller can refuse a malformed
 * request up front (the CLI makes it a usage error) instead of receiving an answer that only says
 * the request was unreadable.
 *
 * @packageDocumentation
 */
import { parseRequest } from './_internal/parse-request.js';
import type { HttpRequestInput, RequestInputProblem } from './request-types.js';

/**
 * Checks a request as `routeRequest` reads it: an HTTP method token, an absolute `http://` or
 * `https://` URL with a host and a port in range, header names that are HTTP tokens, and a
 * client address that is an IPv4 address in dotted-quad form or an IPv6 address (parsed with
 * `ipaddr.js`, as the address conditions are).
 *
 * @param input - the request
 * @returns the first problem, or null when `routeRequest` can read the request
 * @example
 * checkRequest({ method: 'GET', url: 'http://x/', sourceIp: '10.0.0.256' });
 * // => { field: 'sourceIp', message: "'10.0.0.256' is not an IPv4 or IPv6 address" }
 */
export function checkRequest(input: HttpRequestInput): RequestInputProblem | null {
  // A JavaScript caller may pass anything: what is not an object reads as an empty request.
  const given: Partial<HttpRequestInput> = typeof input === 'object' && input !== null ? input : {};
  const parsed = parseRequest({
    method: given.method as string,
    url: given.url as string,
    headers: given.headers ?? [],
    sourceIp: given.sourceIp ?? null,
  });
  return parsed.ok ? null : parsed.problem;
}
