/**
 * n8n's REST API as the editor calls it: JSON, an auth cookie and the browser-id header. Besides the raw
 * `request`, it offers what a user does in the editor: set up the owner or sign in, create and test
 * credentials, import, activate and run workflows, and read their executions.
 */
import { toExecution, type StoredExecution } from './execution-record.js';
import { waitFor } from './wait.js';
import { UNFINISHED_STATUSES, type Execution, type SavedWorkflow, type WorkflowJson } from './workflow.js';

export interface RestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface Owner {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

/** A local-only owner account; n8n requires a letter case mix and a digit in the password. */
export const DEFAULT_OWNER: Owner = {
  email: 'owner@example.com',
  firstName: 'Olive',
  lastName: 'Owner',
  password: 'Local-owner-password-1',
};

export interface Credential {
  id: string;
  name: string;
  type: string;
}

export interface CredentialTestResult {
  status: 'OK' | 'Error';
  message: string;
}

const BROWSER_ID = 'n8n-host-browser';

export class N8nRestClient {
  private readonly cookies = new Map<string, string>();
  private readonly n8nDir: string | undefined;

  /** `n8nDir` (the installed n8n) is needed to read execution records. */
  constructor(
    readonly url: string,
    options: { n8nDir?: string } = {},
  ) {
    this.n8nDir = options.n8nDir;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
    const headers: Record<string, string> = { 'browser-id': BROWSER_ID };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    const response = await fetch(new URL(path, this.url), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    this.keepCookies(response.headers);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML pages (the OAuth callback) stay text
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** The `data` of a 2xx JSON answer; anything else fails with what n8n said. */
  async data<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request<{ data: T }>(method, path, body);
    if (response.status < 200 || response.status > 299) {
      throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
    }
    return response.body.data;
  }

  /** Follows a URL outside n8n or inside it (the OAuth callback), sending n8n's cookies only to n8n. */
  async get(url: string): Promise<RestResponse<string>> {
    const target = new URL(url);
    const own = new URL(this.url);
    // n8n names itself `localhost` in redirect URIs but listens on 127.0.0.1 only.
    if (target.hostname === 'localhost' && target.port === own.port) target.hostname = own.hostname;
    const headers: Record<string, string> = { 'browser-id': BROWSER_ID };
    if (target.origin === own.origin) {
      const cookie = this.cookieHeader();
      if (cookie) headers.cookie = cookie;
    }
    const response = await fetch(target, { headers, redirect: 'manual' });
    this.keepCookies(response.headers);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text, text };
  }

  /** Creates the owner account of a new n8n and signs in as it. */
  async setupOwner(owner: Owner = DEFAULT_OWNER): Promise<void> {
    await this.data('POST', '/rest/owner/setup', owner);
  }

  async login(email: string, password: string): Promise<void> {
    await this.data('POST', '/rest/login', { emailOrLdapLoginId: email, password });
  }

  async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<Credential> {
    const created = await this.data<Credential>('POST', '/rest/credentials', { name, type, data });
    return { id: created.id, name: created.name, type: created.type };
  }

  /** The editor's "Test" button: n8n runs the credential type's test request with `data`. */
  async testCredential(credential: Credential, data: Record<string, unknown>): Promise<CredentialTestResult> {
    return await this.data<CredentialTestResult>('POST', '/rest/credentials/test', {
      credentials: { ...credential, data },
    });
  }

  async importWorkflow(workflow: WorkflowJson): Promise<SavedWorkflow> {
    const saved = await this.data<SavedWorkflow>('POST', '/rest/workflows', workflow);
    return { id: saved.id, versionId: saved.versionId };
  }

  /** Publishes the workflow: its triggers start (polling triggers poll on their schedule). */
  async activateWorkflow(workflow: SavedWorkflow): Promise<void> {
    await this.data('POST', `/rest/workflows/${workflow.id}/activate`, { versionId: workflow.versionId });
  }

  async deactivateWorkflow(workflowId: string): Promise<void> {
    await this.data('POST', `/rest/workflows/${workflowId}/deactivate`);
  }

  /** Starts a workflow as the editor's "Execute workflow" button does; returns the execution id. */
  async runWorkflow(workflowId: string, triggerName: string): Promise<string> {
    const started = await this.data<{ executionId: string }>('POST', `/rest/workflows/${workflowId}/run`, {
      triggerToStartFrom: { name: triggerName },
    });
    return started.executionId;
  }

  /** Runs a workflow manually and returns its execution once finished. */
  async runManually(workflowId: string, triggerName: string, timeoutMs?: number): Promise<Execution> {
    return await this.waitForExecution(await this.runWorkflow(workflowId, triggerName), timeoutMs);
  }

  /** The execution as stored now, finished or not. */
  async readExecution(executionId: string): Promise<Execution> {
    if (!this.n8nDir) throw new Error('N8nRestClient needs `n8nDir` (the installed n8n) to read executions');
    const response = await this.request<{ data: StoredExecution }>('GET', `/rest/executions/${executionId}`);
    if (response.status !== 200) {
      throw new Error(`GET /rest/executions/${executionId} answered ${response.status}: ${response.text}`);
    }
    return toExecution(response.body.data, response.text, this.n8nDir);
  }

  /** The execution once it has finished (an execution is listed as soon as it starts). */
  async waitForExecution(executionId: string, timeoutMs = 60_000): Promise<Execution> {
    return await waitFor(
      `execution ${executionId} to finish`,
      async () => {
        const execution = await this.readExecution(executionId);
        return UNFINISHED_STATUSES.includes(execution.status) ? undefined : execution;
      },
      timeoutMs,
    );
  }

  /** Execution ids of a workflow (or of every workflow), newest first. */
  async executionIds(workflowId?: string): Promise<string[]> {
    const query = workflowId ? `?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}` : '';
    const list = await this.data<{ results: Array<{ id: string }> }>('GET', `/rest/executions${query}`);
    return list.results.map((execution) => execution.id);
  }

  /** Waits until a workflow has at least `count` executions, then returns them finished, oldest first. */
  async waitForExecutions(workflowId: string, count: number, timeoutMs = 60_000): Promise<Execution[]> {
    const ids = await waitFor(
      `${count} execution(s) of workflow ${workflowId}`,
      async () => {
        const found = await this.executionIds(workflowId);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
    );
    const executions: Execution[] = [];
    for (const id of [...ids].reverse()) executions.push(await this.waitForExecution(id, timeoutMs));
    return executions;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const separator = pair?.indexOf('=') ?? -1;
      if (!pair || separator < 1) continue;
      this.cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
  }
}
