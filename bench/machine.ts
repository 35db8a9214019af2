import os from 'node:os';
import type { Machine } from './report';

/** What the figures were measured on. */
export function describeMachine(now = new Date()): Machine {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: `${cpus[0]?.model.trim() ?? 'unknown'}${cpus[0]?.speed ? ` (${cpus[0].speed} MHz)` : ''}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    loadAverage: (os.loadavg()[0] ?? 0).toFixed(2),
  };
}
