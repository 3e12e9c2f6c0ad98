// A tiny in-memory "database" with an async API, standing in for a real driver.
export interface Order {
  id: string;
  customerId: string;
  total: number;
  status: "new" | "paid" | "shipped";
}

const orders = new Map<string, Order>();

export async function findOrder(id: string): Promise<Order | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return orders.get(id);
}

export async function saveOrder(order: Order): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  if (order.total < 0) throw new Error(`order ${order.id} has a negative total`);
  orders.set(order.id, order);
}

export async function listOrders(): Promise<Order[]> {
  return [...orders.values()];
}
