// SPDX-License-Identifier: Apache-2.0
// Drives the `stanza` client library over BOSH (or WebSocket) for the end-to-end tests. Usage:
//   node stanza_client_driver.mjs <bosh|websocket> <url> <jid> <password> [resource]
// Prints one JSON object per line: {"event":"online","jid":...}, {"event":"message",...},
// {"event":"roster","items":[...]}, {"event":"error",...}, {"event":"offline"}.
// Reads one JSON command per line: {"message":{"to":..,"body":..}}, {"roster":true},
// {"stop":true}.
import readline from "node:readline";
import * as XMPP from "stanza";

const [transport, url, jid, password, resource] = process.argv.slice(2);
const print = (object) => process.stdout.write(JSON.stringify(object) + "\n");

const client = XMPP.createClient({
  jid,
  password,
  resource,
  transports: transport === "bosh" ? { bosh: url, websocket: false } : { websocket: url, bosh: false },
});

let markOnline;
const online = new Promise((resolve) => (markOnline = resolve));
client.on("session:started", async () => {
  client.sendPresence();
  print({ event: "online", jid: client.jid });
  markOnline();
});
client.on("message", (message) =>
  print({ event: "message", from: message.from, body: message.body ?? null }));
client.on("stream:error", (error) => print({ event: "error", message: error.condition }));
client.on("auth:failed", () => {
  print({ event: "error", message: "auth failed" });
  process.exit(1);
});
// A terminate answer ends the session (the library may not report "disconnected" when the
// terminate overtook its queued requests).
client.on("stream:end", () => {
  print({ event: "offline" });
  process.exit(0);
});
client.on("disconnected", () => {
  print({ event: "offline" });
  process.exit(0);
});

readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  await online;
  const command = JSON.parse(line);
  if (command.message) client.sendMessage({ type: "chat", ...command.message });
  if (command.roster) {
    const roster = await client.getRoster();
    print({ event: "roster", items: roster.items.map((item) => item.jid) });
  }
  if (command.stop) client.disconnect();
});

client.connect();
