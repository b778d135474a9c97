// SPDX-License-Identifier: Apache-2.0
// Runs Converse.js (npm converse.js) in headless Chromium (Debian's) for the end-to-end tests.
// Usage: node converse_driver.mjs <ws(s)://…|http(s)://…> <jid> <password> <screenshot.png>
// Serves a page that logs in over WebSocket (or BOSH, for an http URL), prints {"event":"online"} once Converse is
// connected, then waits for stdin commands:
//   {"expect":"text","from":"jid"}: clicks the contact `from` in the roster to open the chat,
//                      waits until a message with that text is shown, takes the
//                      screenshot, prints {"event":"shown","text":...,"dom":<its HTML>}
//   {"stop":true}:     closes the browser.
// CONVERSE_LOGLEVEL=debug in the environment makes Converse log every stanza (on stderr).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const [serviceUrl, jid, password, screenshot] = process.argv.slice(2);
const service = serviceUrl.startsWith("http")
  ? { bosh_service_url: serviceUrl }
  : { websocket_url: serviceUrl };
const print = (object) => process.stdout.write(JSON.stringify(object) + "\n");
const dist = path.resolve("node_modules/converse.js/dist");

const page_html = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="/dist/converse.min.css">
<script type="module" src="/dist/converse.min.js"></script>
</head><body class="converse-fullscreen">
<script type="module">
  converse.plugins.add("meerkat-e2e", {
    initialize() {
      this._converse.api.listen.on("connected", () => { window.meerkatOnline = true; });
    },
  });
  converse.initialize(${JSON.stringify({
    ...service,
    jid,
    password,
    auto_login: true,
    discover_connection_methods: false,
    view_mode: "fullscreen",
    allow_non_roster_messaging: true,
    whitelisted_plugins: ["meerkat-e2e"],
    loglevel: process.env.CONVERSE_LOGLEVEL ?? "warn",
  })});
</script></body></html>`;

// The page and Converse's files, from one local origin.
const server = http.createServer((request, response) => {
  const url = new URL(request.url, "http://localhost");
  if (url.pathname === "/") {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    return response.end(page_html);
  }
  const file = path.join(dist, url.pathname.replace(/^\/dist\//, ""));
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    response.writeHead(404);
    return response.end();
  }
  const types = { ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
                  ".wasm": "application/wasm", ".svg": "image/svg+xml" };
  response.writeHead(200, { "Content-Type": types[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage();
await page.setViewport({ width: 1200, height: 800 });
page.on("console", (message) => process.stderr.write(`console: ${message.text()}\n`));
page.on("pageerror", (error) => process.stderr.write(`page error: ${error}\n`));
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.waitForFunction(() => window.meerkatOnline === true, { timeout: 30000 });
print({ event: "online" });

readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  const command = JSON.parse(line);
  try {
    if (command.expect) {
      if (command.from) {
        const contact = await page.waitForSelector(`a.open-chat[data-jid="${command.from}"]`,
                                                   { timeout: 30000 });
        await contact.click();
      }
      const handle = await page.waitForFunction(
        (text) => [...document.querySelectorAll(".chat-msg__text")]
          .find((element) => element.textContent.includes(text)),
        { timeout: 30000 }, command.expect);
      await page.screenshot({ path: screenshot });
      const dom = await page.evaluate((element) => element.outerHTML, handle);
      print({ event: "shown", text: command.expect, dom });
    }
    if (command.stop) {
      await browser.close();
      server.close();
      print({ event: "offline" });
      process.exit(0);
    }
  } catch (error) {
    await page.screenshot({ path: screenshot }).catch(() => {});
    const text = await page.evaluate(() => document.body.innerText).catch(() => "");
    print({ event: "error", message: String(error), text });
  }
});
