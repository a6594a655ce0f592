/**
 * A real n8n for tests, the demo and benchmarks: `installN8n` puts it in a cache once, `startN8n` runs it
 * on a loopback port with extra node packages, and `N8nRestClient` drives it as a user of the editor would.
 */
export {
  N8N_VERSION,
  defaultN8nCacheDir,
  installN8n,
  isN8nInstalled,
  type InstallOptions,
  type N8nInstallation,
} from './install.js';
export { freePort, localN8nEnvironment, startN8n, type N8nProcess, type StartOptions } from './process.js';
export {
  DEFAULT_OWNER,
  N8nRestClient,
  type Credential,
  type CredentialTestResult,
  type Owner,
  type RestResponse,
} from './rest-client.js';
export { waitFor } from './wait.js';
export type {
  Execution,
  ExecutionHint,
  ExecutionItem,
  NodeError,
  SavedWorkflow,
  WorkflowJson,
  WorkflowNode,
} from './workflow.js';
