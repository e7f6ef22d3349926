/**
 * The process-wide services: one database connection, the settings, the mailer
 * and the Socket.IO server. Created once by `createAppServer` and read by models
 * and routes through these getters, so the whole process shares one copy.
 */
import type { Server as SocketServer } from "socket.io";
import type { Connection } from "~db/client";
import type { Env } from "./env.server";
import type { Mailer } from "./email.server";

export type Services = {
  env: Env;
  conn: Connection;
  mailer: Mailer;
  io?: SocketServer;
};

const KEY = Symbol.for("cln-als.services");
type Holder = { [KEY]?: Services };

export function setServices(services: Services | undefined) {
  (globalThis as Holder)[KEY] = services;
}

export function services(): Services {
  const s = (globalThis as Holder)[KEY];
  if (!s) throw new Error("App services are not started (createAppServer was not called)");
  return s;
}

export const db = () => services().conn.db;
export const env = () => services().env;
