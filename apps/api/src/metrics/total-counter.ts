import { Counter, type Registry } from "prom-client";

/**
 * A Prometheus counter that mirrors a running total kept elsewhere (a component's own stats),
 * read at scrape time. A total that went down (the component restarted) counts from zero again.
 */
export function totalCounter<L extends string>(options: {
  name: string;
  help: string;
  registry: Registry;
  labelNames?: readonly L[];
  /** The current totals, one per label set (a single entry with empty labels when unlabelled). */
  read(): Array<{ labels: Partial<Record<L, string>>; value: number }>;
}): Counter<L> {
  const seen = new Map<string, number>();
  return new Counter<L>({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames ?? [],
    registers: [options.registry],
    collect() {
      for (const { labels, value } of options.read()) {
        const key = JSON.stringify(labels);
        const last = seen.get(key) ?? 0;
        const delta = value >= last ? value - last : value;
        seen.set(key, value);
        if (delta > 0) this.inc(labels, delta);
        else this.inc(labels, 0);
      }
    },
  });
}
