// Injected into the core bundle: the object that stands in for `globalThis` (see build.mjs).
export const __bundleGlobal = {};
