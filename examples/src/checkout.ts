// The checkout flow: pay, save, send a receipt.
import { findOrder, saveOrder, type Order } from "./db.js";
import { sendReceipt, notifyWarehouse } from "./mailer.js";

export function markPaid(order: Order): void {
  order.status = "paid";
  // floating-promise: if saving fails, nobody hears of it and the process may crash.
  saveOrder(order);
}

export async function checkout(orderId: string): Promise<void> {
  const order = await findOrder(orderId);
  if (!order) throw new Error(`no order ${orderId}`);
  try {
    markPaid(order);
    // missing-await: the receipt may fail after this try/catch has already finished.
    sendReceipt(order.customerId, order.id).then(() => console.log("receipt sent"));
  } catch (error) {
    console.error("checkout failed", error);
  }
}

export function shipLater(orderId: string): void {
  // Fine: the rejection is handled.
  notifyWarehouse(orderId).catch((error: unknown) => console.error("warehouse", error));
  // Fine: deliberately not awaited, and marked so.
  void notifyWarehouse(orderId);
}
