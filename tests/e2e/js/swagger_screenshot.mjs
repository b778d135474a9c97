// SPDX-License-Identifier: Apache-2.0
// Loads a Swagger UI page (the client REST API's /api-docs) in headless Chromium (Debian's)
// for the end-to-end tests, waits until the operations list has rendered, and takes a
// screenshot.
// Usage: node swagger_screenshot.mjs <page url> <screenshot.png>
// Prints one JSON line: {"event":"rendered","title":…,"paths":[…],"tags":[…]} or
// {"event":"error","message":…,"text":<the page's text>}, then exits.
import puppeteer from "puppeteer-core";

const [url, screenshot] = process.argv.slice(2);
const print = (object) => process.stdout.write(JSON.stringify(object) + "\n");

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 1000 });
page.on("console", (message) => process.stderr.write(`console: ${message.text()}\n`));
page.on("pageerror", (error) => process.stderr.write(`page error: ${error}\n`));
page.on("requestfailed", (request) => process.stderr.write(`request failed: ${request.url()}\n`));
try {
  await page.goto(url, { waitUntil: "load", timeout: 30000 });
  // Swagger UI fetches the document and renders one .opblock per operation.
  await page.waitForSelector(".opblock .opblock-summary-path", { timeout: 30000 });
  const rendered = await page.evaluate(() => ({
    title: document.querySelector(".info .title")?.textContent ?? "",
    paths: [...document.querySelectorAll(".opblock-summary-path")]
      .map((element) => element.getAttribute("data-path") ?? element.textContent),
    tags: [...document.querySelectorAll(".opblock-tag")].map((element) => element.textContent),
  }));
  await page.screenshot({ path: screenshot });
  print({ event: "rendered", ...rendered });
} catch (error) {
  await page.screenshot({ path: screenshot }).catch(() => {});
  const text = await page.evaluate(() => document.body.innerText).catch(() => "");
  print({ event: "error", message: String(error), text });
}
await browser.close();
