import type { Page } from '../types.ts';

/**
 * Every item of a keyset-paged list, fetching each page only when the previous one is used up and following
 * `next_cursor` until `has_more` is false. `startCursor` resumes a listing.
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  startCursor?: string,
): AsyncGenerator<T, void, undefined> {
  let cursor = startCursor;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.data;
    if (!page.has_more || page.next_cursor === null) return;
    cursor = page.next_cursor;
  }
}
