/**
 * Structured logs, one JSON object a line. Never log passwords, tokens, or
 * anything typed inside a set (bids, notes, actions): identifiers only.
 */
type Fields = Record<string, unknown>;

function write(level: "info" | "warn" | "error", message: string, fields: Fields = {}) {
  if (process.env.LOG_LEVEL === "silent") return;
  const line = JSON.stringify({ at: new Date().toISOString(), level, message, ...fields });
  if (level === "error") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

/** A request path fit for a log: calendar feed tokens (credentials in the URL) are masked. */
export function loggablePath(path: string) {
  return path.replace(/\/calendar\/[^/]+/g, "/calendar/[token]");
}
