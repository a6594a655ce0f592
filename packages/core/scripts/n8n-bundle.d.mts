import type { BuildOptions } from 'esbuild';

export declare const BUNDLE_GLOBAL_SHIM: string;
export declare const N8N_PROVIDED: string[];
export declare function n8nBundleOptions(overrides?: BuildOptions): BuildOptions;
