import { setupServer } from "msw/node";
import { notifyHandlers } from "./notify";

export const mockServer = setupServer(...notifyHandlers);

/** For `MOCKS=true` dev: answers outside services and refuses any other outside request. */
export function startMockServer() {
  mockServer.listen({
    onUnhandledRequest(request, print) {
      const url = new URL(request.url);
      if (["localhost", "127.0.0.1", "::1"].includes(url.hostname)) return;
      print.error();
    },
  });
}
