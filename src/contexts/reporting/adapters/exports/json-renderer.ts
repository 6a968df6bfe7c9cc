import type { Renderer } from '../../application/ports.js';

/** The documented, versioned JSON export: the report data itself. */
export const renderJson: Renderer = async ({ data, narrative }) =>
  Buffer.from(`${JSON.stringify({ ...data, narrative }, null, 2)}\n`);
