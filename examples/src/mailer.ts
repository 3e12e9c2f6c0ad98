// Sends e-mails through an HTTP API.
export async function sendReceipt(customerId: string, orderId: string): Promise<void> {
  const response = await fetch(`https://mail.example.com/receipts`, {
    method: "POST",
    body: JSON.stringify({ customerId, orderId }),
  });
  if (!response.ok) throw new Error(`receipt for ${orderId} failed: ${response.status}`);
}

export async function notifyWarehouse(orderId: string): Promise<void> {
  await fetch(`https://warehouse.example.com/orders/${orderId}`, { method: "PUT" });
}
