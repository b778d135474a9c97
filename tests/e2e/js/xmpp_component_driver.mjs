// SPDX-License-Identifier: Apache-2.0
// Drives @xmpp/component (XEP-0114) for the end-to-end tests. Usage:
//   node xmpp_component_driver.mjs <service-url> <domain> <password>
// Prints one JSON object per line on stdout: {"event":"online","jid":...},
// {"event":"stanza","xml":...}, {"event":"error","message":...}, {"event":"offline"}.
// Reads one JSON command per line on stdin: {"send":"<xml/>"} or {"stop":true}.
import readline from "node:readline";

const { component } = await import("@xmpp/component");
const { parse } = await import("ltx");
const [service, domain, password] = process.argv.slice(2);

const print = (object) => process.stdout.write(JSON.stringify(object) + "\n");
const xmpp = component({ service, domain, password });

xmpp.on("error", (err) => print({ event: "error", message: String(err?.condition ?? err) }));
xmpp.on("offline", () => {
  print({ event: "offline" });
  process.exit(0);
});
xmpp.on("stanza", (stanza) => print({ event: "stanza", xml: stanza.toString() }));
let markOnline;
const online = new Promise((resolve) => (markOnline = resolve));
xmpp.on("online", (address) => {
  print({ event: "online", jid: address.toString() });
  markOnline();
});

readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  await online;
  const command = JSON.parse(line);
  if (command.send) await xmpp.send(parse(command.send));
  if (command.stop) await xmpp.stop();
});

xmpp.start().catch((err) => {
  print({ event: "error", message: String(err?.condition ?? err) });
  process.exit(1);
});
