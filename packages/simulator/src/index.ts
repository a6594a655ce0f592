/** Programmatic entry point: start a simulator, get its URLs and a control handle for tests and demos. */
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { createCarbonApi } from './carbon/index.js';
import { Clock } from './clock.js';
import type {
  ActiveFault,
  ConsentRecord,
  EnergyHubAlarmInput,
  FaultInjector,
  FaultRule,
  LoggedRequest,
  SimulatorContext,
} from './context.js';
import { registerControlApi } from './control/index.js';
import { createEnergyHubApi } from './energy-hub/index.js';
import { createFaultInjector } from './faults/index.js';
import { createAuthorizationServer } from './oauth/index.js';
import { CARBON_SCOPES, resolveOptions, type SimulatorOptions } from './options.js';
import { createRequestLog } from './request-log/index.js';

export * from './options.js';
export { decideConsentAsCustomer, type CustomerDecisionOptions } from './customer.js';
export { VARIANT_CLIENT_DIALECT, VARIANT_PAGING, VARIANT_SERIES_MAP } from './carbon/variant.js';
export type * from './context.js';

/** Everything a test or demo can do to the running simulator; the `/_sim` HTTP API offers the same. */
export interface SimulatorControl {
  addFault(rule: FaultRule): ActiveFault;
  faults(): ActiveFault[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  requests(filter?: { pathPrefix?: string }): LoggedRequest[];
  clearRequests(): void;
  expireAllTokens(): number;
  consents(): ConsentRecord[];
  revokeConsent(consentId: string, reason?: string): ConsentRecord | undefined;
  /** Offsets the server's clock (token expiry, real-time data, Date and Retry-After headers). */
  setClockSkew(skewMs: number): void;
  mintPersonalAccessToken(scopes?: string[]): string;
  mintApiKey(scopes?: string[]): string;
  omitRefreshTokenOnNextRefreshes(count: number): void;
  injectAlarm(input?: EnergyHubAlarmInput): string;
  siteIds(): string[];
}

export interface SimulatorUrls {
  origin: string;
  authorize: string;
  token: string;
  metadata: string;
  signIn: string;
  consents: string;
  carbonApi: string;
  energyHubToken: string;
  energyHubGraphql: string;
  control: string;
}

export interface SimulatorHandle {
  /** The origin, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  urls: SimulatorUrls;
  control: SimulatorControl;
  /**
   * Opens the consent JSON API (`Authorization: Bearer <adminToken>`) without the customer's sign-in.
   * New on every start; the CLI prints it.
   */
  adminToken: string;
  close(): Promise<void>;
}

export function simulatorUrls(origin: string): SimulatorUrls {
  return {
    origin,
    authorize: `${origin}/ecostruxure/v1/oauth/authorize`,
    token: `${origin}/ecostruxure/v1/oauth/token`,
    metadata: `${origin}/.well-known/oauth-authorization-server/ecostruxure/v1/oauth`,
    signIn: `${origin}/ecostruxure/v1/sign-in`,
    consents: `${origin}/ecostruxure/v1/consents`,
    carbonApi: `${origin}/ecostruxure/carbon-emission/v1`,
    energyHubToken: `${origin}/energy-hub/v1/oauth/token`,
    energyHubGraphql: `${origin}/energy-hub/v1/graphql`,
    control: `${origin}/_sim`,
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const resolved = resolveOptions(options);
  const ctx: SimulatorContext = { options: resolved, clock: new Clock(resolved.clockSkewMs) };
  // Fault injection acts on the authorization server, and the token endpoint asks fault injection whether
  // to omit a refresh token: the second link is bound once both exist.
  const late: { faults?: FaultInjector } = {};
  const auth = createAuthorizationServer(ctx, (request) => late.faults?.omitsRefreshToken(request) ?? false);
  const faults = createFaultInjector(ctx, auth);
  late.faults = faults;
  const modules = {
    auth,
    carbon: createCarbonApi(ctx, auth),
    energyHub: createEnergyHubApi(ctx, auth),
    faults,
    requestLog: createRequestLog(ctx, { capacity: resolved.requestLogCapacity }),
  };
  const control: SimulatorControl = {
    addFault: (rule) => modules.faults.add(rule),
    faults: () => modules.faults.list(),
    removeFault: (id) => modules.faults.remove(id),
    clearFaults: () => modules.faults.clear(),
    requests: (filter) => modules.requestLog.entries(filter),
    clearRequests: () => modules.requestLog.clear(),
    expireAllTokens: () => auth.expireAllTokens(),
    consents: () => auth.listConsents(),
    revokeConsent: (consentId, reason) => auth.revokeConsent(consentId, reason),
    setClockSkew: (skewMs) => ctx.clock.setSkew(skewMs),
    mintPersonalAccessToken: (scopes = [...CARBON_SCOPES]) => auth.mintPersonalAccessToken(scopes),
    mintApiKey: (scopes = [...CARBON_SCOPES]) => auth.mintApiKey(scopes),
    omitRefreshTokenOnNextRefreshes: (count) => auth.omitRefreshTokenOnNextRefreshes(count),
    injectAlarm: (input) => modules.energyHub.injectAlarm(input),
    siteIds: () => modules.carbon.siteIds(),
  };
  const app = await buildApp(ctx, modules, (instance) => registerControlApi(instance, control));
  await app.listen({ port: resolved.port, host: resolved.host });
  const { port } = app.server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    urls: simulatorUrls(url),
    control,
    adminToken: auth.adminToken,
    async close() {
      modules.faults.releaseHungRequests();
      await app.close();
    },
  };
}
