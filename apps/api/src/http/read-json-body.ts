import type { IncomingMessage } from "node:http";

/** Why a body was refused, with the HTTP status and the stable code the response carries. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 411 | 413 | 415,
    readonly code: "VALIDATION_FAILED" | "LENGTH_REQUIRED" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE",
    message: string,
  ) {
    super(message);
  }
}

interface Reading {
  limit: number;
  size: number;
  chunks: Buffer[];
  done: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const READING = Symbol("readJsonBody");
type ReadableRequest = IncomingMessage & { [READING]?: Reading };

/**
 * Reads a JSON body of at most `limit` bytes; refuses what is not JSON, too large or chunked
 * (a body must declare its Content-Length, so the size is known before anything is read).
 *
 * Hot path: plain listeners shared by every request (no async iterator, no per-request closures
 * beyond the promise itself), and one decode of the usual single chunk.
 */
export function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const type = request.headers["content-type"];
  if (type === undefined || !isJsonType(type)) {
    return Promise.reject(
      new BodyError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json"),
    );
  }
  const length = request.headers["content-length"];
  if (length === undefined) {
    return Promise.reject(
      new BodyError(411, "LENGTH_REQUIRED", "Content-Length is required (chunked bodies are refused)"),
    );
  }
  const declared = Number(length);
  if (!Number.isSafeInteger(declared) || declared < 0) {
    return Promise.reject(new BodyError(400, "VALIDATION_FAILED", "Content-Length is not a number"));
  }
  if (declared > limit) return Promise.reject(tooLarge(limit));
  if (declared === 0) return Promise.reject(notJson());
  return new Promise((resolve, reject) => {
    (request as ReadableRequest)[READING] = { limit, size: 0, chunks: [], done: false, resolve, reject };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("close", onClose);
  });
}

function isJsonType(type: string): boolean {
  // "application/json" optionally followed by parameters (charset); compared without allocating.
  const length = 16;
  if (type.length < length || type.slice(0, length).toLowerCase() !== "application/json") return false;
  return type.length === length || type.charCodeAt(length) === 59 /* ; */ || type.charCodeAt(length) === 32;
}

function onData(this: ReadableRequest, chunk: Buffer): void {
  const reading = this[READING];
  if (reading === undefined || reading.done) return;
  reading.size += chunk.length;
  if (reading.size > reading.limit) {
    finish(this, reading);
    reading.reject(tooLarge(reading.limit));
    return;
  }
  reading.chunks.push(chunk);
}

function onEnd(this: ReadableRequest): void {
  const reading = this[READING];
  if (reading === undefined || reading.done) return;
  finish(this, reading);
  const { chunks } = reading;
  const first = chunks[0];
  const text =
    chunks.length === 1 && first !== undefined
      ? first.toString("utf8")
      : Buffer.concat(chunks, reading.size).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    reading.reject(notJson());
    return;
  }
  reading.resolve(value);
}

function onError(this: ReadableRequest, error: Error): void {
  const reading = this[READING];
  if (reading === undefined || reading.done) return;
  finish(this, reading);
  reading.reject(error);
}

function onClose(this: ReadableRequest): void {
  const reading = this[READING];
  if (reading === undefined || reading.done) return;
  finish(this, reading);
  reading.reject(new Error("The client closed the connection before the body was complete"));
}

function finish(request: ReadableRequest, reading: Reading): void {
  reading.done = true;
  request[READING] = undefined;
  request.off("data", onData);
  request.off("end", onEnd);
  request.off("error", onError);
  request.off("close", onClose);
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, "PAYLOAD_TOO_LARGE", `The body must be at most ${limit} bytes`);
}

function notJson(): BodyError {
  return new BodyError(400, "VALIDATION_FAILED", "The body is not valid JSON");
}
