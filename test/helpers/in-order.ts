/**
 * `each` over `items` one after another, as a synchronous `map` did: rows seeded this way get
 * their ids in the order of `items`.
 */
export async function inOrder<T, R>(
  items: Iterable<T>,
  each: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let index = 0;
  for (const item of items) results.push(await each(item, index++));
  return results;
}

/** `count` results of `make`, made one after another. */
export const times = <R>(count: number, make: (index: number) => Promise<R>): Promise<R[]> =>
  inOrder(
    Array.from({ length: count }, (_, i) => i),
    make,
  );
