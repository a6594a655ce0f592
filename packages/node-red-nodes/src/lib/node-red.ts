/**
 * The slice of the Node-RED runtime API these nodes use, typed once. Node-RED ships no types of its own
 * and the community ones lag behind 4.x/5.x; this keeps the contract small and explicit.
 */

export type NodeMessage = Record<string, unknown> & { _msgid?: string };

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export type Send = (msg: NodeMessage | null | (NodeMessage | NodeMessage[] | null)[]) => void;
export type Done = (error?: Error) => void;

export interface Node {
  readonly id: string;
  readonly type: string;
  name?: string;
  on(event: 'input', listener: (msg: NodeMessage, send: Send, done: Done) => void): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  send: Send;
  /** Delivers a message to this node's own input. */
  receive(msg: NodeMessage): void;
  status(status: NodeStatus | Record<string, never>): void;
  log(message: string): void;
  warn(message: string): void;
  error(message: string | Error, msg?: NodeMessage): void;
  context(): ContextStore;
  credentials?: Record<string, string | undefined>;
}

export interface ContextStore {
  get(key: string, store: string | undefined, callback: (error: Error | null, value: unknown) => void): void;
  set(key: string, value: unknown, store: string | undefined, callback: (error: Error | null) => void): void;
}

export interface NodeDefinition {
  id: string;
  type: string;
  name?: string;
  [property: string]: unknown;
}

export interface HttpRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
}

export interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
  type(contentType: string): HttpResponse;
  set(header: string, value: string): HttpResponse;
  send(body: string): void;
}

export type HttpHandler = (req: HttpRequest, res: HttpResponse, next: () => void) => void;

export interface HttpApp {
  get(path: string, ...handlers: HttpHandler[]): void;
  post(path: string, ...handlers: HttpHandler[]): void;
}

export interface NodeAPI {
  nodes: {
    createNode(node: object, definition: NodeDefinition): void;
    registerType(
      type: string,
      constructor: (this: Node, definition: NodeDefinition) => void,
      options?: { credentials?: Record<string, { type: 'text' | 'password' }>; settings?: object },
    ): void;
    getNode(id: string): Node | null;
    getCredentials(id: string): Record<string, string | undefined> | undefined;
    /** Every node definition of the deployed flows, started or not. */
    eachNode(callback: (definition: NodeDefinition) => void): void;
  };
  util: {
    getMessageProperty(msg: NodeMessage, property: string): unknown;
    setMessageProperty(msg: NodeMessage, property: string, value: unknown, createMissing?: boolean): boolean;
    evaluateNodeProperty(
      value: string,
      type: string,
      node: Node,
      msg: NodeMessage,
      callback: (error: Error | null, result: unknown) => void,
    ): void;
    cloneMessage<T>(msg: T): T;
    generateId(): string;
  };
  settings: {
    userDir?: string;
    get(name: string): unknown;
  };
  httpAdmin: HttpApp;
  auth: { needsPermission(permission: string): HttpHandler };
  log: { warn(message: string): void; info(message: string): void };
  _(key: string, substitutions?: Record<string, string | number>): string;
}
