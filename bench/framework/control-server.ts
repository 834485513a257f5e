import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** How a bench server answers its control routes (stats, flush, profile…): a JSON body or a throw. */
export type ControlAnswer = (method: string, url: URL) => Promise<unknown>;

/**
 * The control endpoint of a bench server, on its own loopback port beside the app: never part
 * of what is measured. Errors answer 500 with the message.
 */
export async function startControlServer(answer: ControlAnswer) {
  const control = createServer((request, response) => {
    answer(request.method ?? "GET", new URL(request.url ?? "/", "http://control")).then(
      (body) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      },
      (error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: String(error) }));
      },
    );
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  return {
    port: (control.address() as AddressInfo).port,
    close: () => control.close(),
  };
}
