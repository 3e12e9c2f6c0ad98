// Nightly report jobs.
import { listOrders, saveOrder } from "./db.js";

export function archiveAll(): void {
  listOrders().then((orders) => {
    // floating-promise: an array of promises that nothing waits for.
    orders.map((order) => saveOrder({ ...order, status: "shipped" }));
  }, (error: unknown) => console.error(error));
}

export function retryLater(task: () => Promise<void>): void {
  // floating-promise: `.catch(undefined)` handles nothing.
  task().catch(undefined);
}

export function legacyJob(task: () => Promise<void>): void {
  // Suppressed for a reason the team documented.
  // async-lens-ignore-next-line floating-promise -- the scheduler reports failures itself
  task();
}
