export interface N8nViolation {
  kind: 'global' | 'require' | 'import';
  /** The global, or the module required. */
  name: string;
  line: number;
  column: number;
}

export declare const N8N_RESTRICTED_GLOBALS: string[];
export declare const N8N_ALLOWED_MODULES: string[];
export declare function findN8nViolations(
  code: string,
  options?: { allowedModules?: readonly string[] },
): N8nViolation[];
