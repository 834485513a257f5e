// autocannon ships no types; only what load-worker.ts uses.
declare module "autocannon" {
  interface AutocannonRequest {
    setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
  }
  interface AutocannonOptions {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | undefined;
    connections?: number;
    duration?: number;
    amount?: number;
    sampleInt?: number;
    requests?: AutocannonRequest[];
  }
  export default function autocannon(options: AutocannonOptions): Promise<Record<string, unknown>>;
}
