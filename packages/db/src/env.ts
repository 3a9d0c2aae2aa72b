// The db package's command line reads these; the server has its own env.ts.
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.url().optional(),
  /** Migrations use the direct connection when DATABASE_URL is a transaction-mode pooler. */
  DATABASE_DIRECT_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
});

export function readDbEnv(source: NodeJS.ProcessEnv = process.env): z.infer<typeof schema> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid environment variable ${String(issue?.path[0])}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}
