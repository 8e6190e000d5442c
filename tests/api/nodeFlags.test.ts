import { describe, expect, it } from 'vitest';
import { ETL_NODE_FLAGS } from '../../etl/src/nodeFlags.ts';
import { JOB_NODE_FLAGS } from '../../server/src/publishing/jobs.ts';
import pkg from '../../package.json' with { type: 'json' };

describe("the ETL's Node flags", () => {
  it('are the same for the CLI, the publishing jobs the server starts, and the benches', () => {
    expect(JOB_NODE_FLAGS).toEqual(ETL_NODE_FLAGS);
    expect(pkg.scripts.etl).toBe(`node ${ETL_NODE_FLAGS.join(' ')} --import tsx etl/src/cli.ts`);
  });
});
