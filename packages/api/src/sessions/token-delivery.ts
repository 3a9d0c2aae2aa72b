// How a refresh token travels. Client-safe: imports only zod.
import { z } from 'zod';

/**
 * `cookie` (default, browsers): the refresh token is set as an HttpOnly cookie JavaScript cannot
 * read. `body`: it is returned in the response, for the CLI and other services.
 */
export const tokenDeliverySchema = z.enum(['cookie', 'body']);
export type TokenDelivery = z.infer<typeof tokenDeliverySchema>;
