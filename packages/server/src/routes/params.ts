import { z } from 'zod';

/** Path parameters: ids are short opaque strings; anything longer cannot exist. */
export const IdParams = z.object({ id: z.string().min(1).max(64) });
