/**
 * Who may reach the control API. It can install a hang fault or revoke a consent with one request and has
 * no credential of its own (it is for tests and the demo on this machine), so it refuses what a web page
 * elsewhere could send: a foreign `Origin` (a cross-site form or fetch), a body that is not JSON (the
 * content types a form can post without a preflight), and a `Host` that is not this machine's (a page
 * reaching it by DNS rebinding). Checked when a request arrives, before its body is read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResolvedSimulatorOptions } from '../options.js';
import { ProblemError } from '../problem.js';
import { isControlPath, pathOf } from './paths.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host name of a `Host` header, without port or IPv6 brackets, lower-cased. */
export function hostNameOf(host: string): string {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  return name.toLowerCase();
}

function acceptedHosts(options: Pick<ResolvedSimulatorOptions, 'host' | 'allowedHosts'>): Set<string> {
  const names = [...LOOPBACK_NAMES, ...options.allowedHosts];
  if (!WILDCARD_ADDRESSES.has(options.host)) names.push(options.host);
  return new Set(names.map((name) => name.replace(/^\[(.*)\]$/, '$1').toLowerCase()));
}

const forbidden = (detail: string): ProblemError =>
  new ProblemError({ status: 403, title: 'Forbidden', detail });

function refusal(request: FastifyRequest, hosts: Set<string>): ProblemError | undefined {
  const hostName = hostNameOf(request.host);
  if (!hosts.has(hostName) && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostName)) {
    return forbidden(
      `The control API answers requests addressed to this machine (127.0.0.1, localhost, [::1]) or to --host; "${hostName.slice(0, 100)}" is neither. Start the simulator with --allowed-host ${hostName.slice(0, 100)} to accept it.`,
    );
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) {
    return forbidden('The control API does not accept requests from web pages of another origin.');
  }
  if (SAFE_METHODS.has(request.method)) return undefined;
  const type = request.headers['content-type'];
  const hasBody =
    type !== undefined ||
    request.headers['transfer-encoding'] !== undefined ||
    (request.headers['content-length'] ?? '0') !== '0';
  if (hasBody && !/^application\/json\s*(;|$)/i.test(type ?? '')) {
    return new ProblemError({
      status: 415,
      title: 'Unsupported Media Type',
      detail: 'The control API accepts JSON bodies only: send Content-Type: application/json (or no body).',
    });
  }
  return undefined;
}

export function registerControlGuard(
  app: FastifyInstance,
  options: Pick<ResolvedSimulatorOptions, 'host' | 'allowedHosts'>,
): void {
  const hosts = acceptedHosts(options);
  app.addHook('onRequest', async (request) => {
    if (!isControlPath(pathOf(request.url))) return;
    const problem = refusal(request, hosts);
    if (problem) throw problem;
  });
}
