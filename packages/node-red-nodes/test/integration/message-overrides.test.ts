/**
 * What a message may steer in a node that holds the account's credential: the EcoStruxure Request node's
 * msg.path and a site ID from msg.payload reach only the account's base URL, however they are spelled
 * (full URLs, scheme-relative, backslashes, control characters, dot segments). A host a message names
 * never gets a request, so it never sees the access token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startElsewhere, type Elsewhere } from '../support/elsewhere.js';
import { ACCOUNT_ID } from '../support/flows.js';
import type { NodeRedVersion } from '../support/node-red.js';
import { catchAll, debug, startScenario, type Scenario } from '../support/scenario.js';

describe.each<NodeRedVersion>(['5', '4'])(
  'message overrides never send the credential elsewhere (Node-RED %s.x)',
  (version) => {
    let s: Scenario;
    let elsewhere: Elsewhere;

    beforeAll(async () => {
      elsewhere = await startElsewhere();
      s = await startScenario(version);
      await s.deploy([]);
      await s.authorize();
    });
    beforeEach(() => {
      s.feed.messages.length = 0;
    });
    afterAll(async () => {
      await s?.close();
      await elsewhere?.close();
    });

    /** An inject node that sends one message with `property` set to `value`. */
    const sending = (id: string, wire: string, property: string, value: string) => ({
      id,
      type: 'inject',
      props: [{ p: property, v: value, vt: 'str' }],
      repeat: '',
      once: false,
      wires: [[wire]],
    });

    it('EcoStruxure Request: msg.path reaches only the base URL', async () => {
      const paths = [
        `http://${elsewhere.host}/steal`,
        `//${elsewhere.host}/steal`,
        `/\\${elsewhere.host}/steal`,
        `\\\\${elsewhere.host}/steal`,
        `\t//${elsewhere.host}/steal`,
        `/\t/${elsewhere.host}/steal`,
        `http:${elsewhere.host}/steal`,
        `@${elsewhere.host}/steal`,
      ];
      await s.deploy([
        ...paths.map((path, i) => sending(`in-${i}`, 'req', 'path', path)),
        {
          id: 'req',
          type: 'ecostruxure-request',
          account: ACCOUNT_ID,
          api: 'gateway',
          method: 'GET',
          path: '/',
          wires: [['out']],
        },
        debug('out'),
        catchAll('catch', 'out'),
      ]);
      s.sim.control.clearRequests();
      for (let i = 0; i < paths.length; i += 1) await s.inject(`in-${i}`);
      await s.feed.waitFor(paths.length, 'out');
      expect(elsewhere.received).toEqual([]);
      // Whatever was sent went to the simulator, the account's base URL.
      for (const entry of s.sim.control.requests()) expect(entry.url).not.toMatch(/^https?:/);
    });

    it('a site ID from msg.payload stays one path segment below /sites', async () => {
      await s.deploy([
        sending('in', 'site', 'payload', `../../../..//${elsewhere.host}/steal`),
        {
          id: 'site',
          type: 'ecostruxure-sites',
          account: ACCOUNT_ID,
          operation: 'get',
          siteId: 'payload',
          siteIdType: 'msg',
          wires: [['out']],
        },
        debug('out'),
        catchAll('catch', 'out'),
      ]);
      s.sim.control.clearRequests();
      await s.inject('in');
      const [answer] = await s.feed.waitFor(1, 'out');
      expect(elsewhere.received).toEqual([]);
      // Refused before any request, or asked for as one encoded segment: never a path that climbs out.
      const urls = s.sim.control.requests().map((entry) => entry.url);
      if (urls.length === 0) expect(answer?.msg).toMatch(/site/i);
      for (const url of urls) expect(url).toMatch(/^\/ecostruxure\/carbon-emission\/v1\/sites\/%2E%2E%2F/);
    });
  },
);
