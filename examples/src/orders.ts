// Order lookups with a fallback.
import { findOrder, listOrders, type Order } from "./db.js";

// missing-await: the rejection skips this catch, because the promise is returned before it settles.
export async function orderOrNull(id: string): Promise<Order | undefined> {
  try {
    return findOrder(id);
  } catch {
    return undefined;
  }
}

// missing-await: the listing starts, the function returns early, and a failure goes unhandled.
export async function countOrders(skip: boolean): Promise<number> {
  const all = listOrders();
  if (skip) return 0;
  return (await all).length;
}
