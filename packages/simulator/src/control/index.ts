// Placeholder until the control API lands.
import type { FastifyInstance } from 'fastify';
import type { SimulatorControl } from '../index.js';

export function registerControlApi(app: FastifyInstance, _control: SimulatorControl): void {
  app.get('/_sim/health', async () => ({ status: 'ok' }));
}
