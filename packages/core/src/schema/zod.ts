/**
 * The zod that core's models are written with: `zod/mini`, whose functions (`z.optional(x)`,
 * `x.check(z.minLength(1))`) let a bundler keep only what the models use; full zod's chained methods keep
 * all of it, most of the bundle the n8n and Node-RED packages ship. Models import it as a namespace
 * (`import * as z from './zod.js'`) and never from 'zod' itself (a lint rule enforces both), so the
 * messages set here always apply and the bundler still sees which functions are used.
 */
import { en } from 'zod/locales';
import { config, type core } from 'zod/mini';

// zod/mini loads no messages: without a locale every issue reads only "Invalid input". English is what full
// zod sets, and what the errors naming a field (`timeseries[0].key: Invalid input: expected string,
// received number`) have always said. A locale the host chose first is kept, as full zod keeps it.
if (config().localeError === undefined) config(en());

export * from 'zod/mini';

/** Any zod schema (mini or full), for code that only parses with one. */
export type Schema<Output = unknown> = core.$ZodType<Output>;
