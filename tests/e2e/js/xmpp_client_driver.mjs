// SPDX-License-Identifier: Apache-2.0
// Drives @xmpp/client for the end-to-end tests. Usage:
//   node xmpp_client_driver.mjs <service-url> <domain> <username> <password> [resource]
// Prints one JSON object per line on stdout: {"event":"online","jid":...},
// {"event":"stanza","xml":...}, {"event":"error","message":...}, {"event":"offline"}.
// {"event":"resumed"} when stream management (XEP-0198) resumed the session.
// {"event":"token",...} when the server issued a FAST token (XEP-0484).
// Environment: MEERKAT_AGENT_ID fixes the XEP-0388 user-agent id (FAST tokens belong to it);
// MEERKAT_FAST_TOKEN (JSON of a token event) is the token the client logs in with.
// Reads one JSON command per line on stdin: {"send":"<xml/>"}, {"stop":true}, or
// {"drop":true} (the connection breaks without a goodbye; the client reconnects).
import WebSocket from "ws";
import readline from "node:readline";

// Node before 22 has no global WebSocket; @xmpp/websocket expects the browser's API.
globalThis.WebSocket ??= WebSocket;
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";  // the test server's self-signed certificate

const { client, xml } = await import("@xmpp/client");
const { parse } = await import("ltx");
const [service, domain, username, password, resource] = process.argv.slice(2);

const print = (object) => process.stdout.write(JSON.stringify(object) + "\n");
const agentId = process.env.MEERKAT_AGENT_ID;
const userAgent = agentId
  ? xml("user-agent", { id: agentId }, xml("software", {}, "meerkat-e2e"))
  : undefined;
const xmpp = client({ service, domain, username, password, resource, userAgent });
if (xmpp.fast) {
  let token = process.env.MEERKAT_FAST_TOKEN ? JSON.parse(process.env.MEERKAT_FAST_TOKEN) : null;
  xmpp.fast.fetchToken = async () => token;
  xmpp.fast.saveToken = async (saved) => {
    token = saved;
    print({ event: "token", ...saved });
  };
  xmpp.fast.deleteToken = async () => {
    token = null;
  };
}

xmpp.on("error", (err) => print({ event: "error", message: String(err?.condition ?? err) }));
xmpp.on("offline", () => {
  print({ event: "offline" });
  process.exit(0);
});
xmpp.on("stanza", (stanza) => print({ event: "stanza", xml: stanza.toString() }));
xmpp.streamManagement?.on("resumed", () => print({ event: "resumed" }));
let markOnline;
const online = new Promise((resolve) => (markOnline = resolve));
xmpp.on("online", async (address) => {
  await xmpp.send(xml("presence"));
  print({ event: "online", jid: address.toString() });
  markOnline();
});

// Commands wait for the session: stdin may be read before the login has finished.
readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  await online;
  const command = JSON.parse(line);
  if (command.send) await xmpp.send(parse(command.send));
  if (command.stop) await xmpp.stop();
  if (command.drop) {
    // The connection breaks without a goodbye: ws's terminate(), or destroy() of the TLS
    // socket inside xmpp.js's wrapper, or of a plain TCP socket.
    const inner = xmpp.socket?.socket;
    if (inner?.terminate) inner.terminate();
    else if (inner?.destroy) inner.destroy();
    else xmpp.socket?.destroy?.();
  }
});

xmpp.start().catch((err) => {
  print({ event: "error", message: String(err?.condition ?? err) });
  process.exit(1);
});
