// Real-browser test of the web build: serves web/dist on 127.0.0.1, drives Debian's chromium
// (headless, WebGL2 through SwiftShader) with Playwright, and plays the first mission with the
// keyboard only, from the title screen to its debrief.
//
// Asserts: no console error and no page error, every request to the same origin, non-blank
// screenshots, the class code's draws equal the golden values of the native tests, a level file
// dropped on the page is played (valid) or its errors shown (broken).
//
// Usage: node web/browser-test.mjs [DIST_DIR] [OUT_DIR]   (needs `convert` from ImageMagick)
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dist = path.resolve(process.argv[2] ?? path.join(root, "web/dist"));
const out = path.resolve(process.argv[3] ?? path.join(root, "target/web-screenshots"));
mkdirSync(out, { recursive: true });

const failures = [];
const fail = (what) => { failures.push(what); console.log(`FAIL ${what}`); };
const ok = (what) => console.log(`ok   ${what}`);

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1",
  "--directory", dist], { stdio: "ignore" });
for (let i = 0; i < 50; i++) {
  try { await fetch(`${origin}/index.html`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
    // This machine has no internet: no background connections, no component updates.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic", "--no-first-run", "--disable-default-apps",
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
const errors = [];
const foreign = [];
const console_log = [];
page.on("console", (m) => {
  console_log.push(`[${m.type()}] ${m.text()}`);
  if (m.type() === "error") errors.push(m.text());
});
page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
page.on("request", (r) => {
  const url = r.url();
  if (!url.startsWith(`${origin}/`) && !url.startsWith("blob:") && !url.startsWith("data:")) foreign.push(url);
});

const state = () => page.evaluate(() => ({
  screen: document.body.dataset.screen ?? "",
  scene: document.body.dataset.scene ?? "",
  sceneId: document.body.dataset.sceneId ?? "",
  loading: document.body.dataset.loading ?? "",
}));

/** Waits until the page state satisfies `test`; returns it, or null after `ms`. */
async function until(test, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const s = await state();
    if (test(s)) return s;
    await page.waitForTimeout(100);
  }
  return null;
}

/** A screenshot that must not be blank (ImageMagick's standard deviation of the pixels). */
// A screenshot can catch a screen not drawn yet: after a synthetic drop (no pointer moves
// with it, unlike a teacher's real drag) the headless page sometimes shows nothing until the
// next input. Try again a few times, moving the mouse as a hand would, before calling the
// screen blank; a screen that never draws still fails.
async function shot(name) {
  const file = path.join(out, `${name}.png`);
  let sd = 0;
  for (let attempt = 0; attempt < 6 && !(sd >= 0.02); attempt++) {
    if (attempt > 0) { await page.mouse.move(2 + attempt, 2); await page.waitForTimeout(500); }
    await page.screenshot({ path: file });
    sd = Number(execFileSync("convert", [file, "-format", "%[fx:standard_deviation]", "info:"]).toString());
  }
  if (!(sd >= 0.02)) fail(`${name}: blank screenshot (standard deviation ${sd})`);
  else ok(`${name}: screenshot ${file} (standard deviation ${sd.toFixed(3)})`);
}

try {
  const started = Date.now();
  await page.goto(`${origin}/index.html`);
  const title = await until((s) => s.screen === "Title" && s.loading === "", 180000);
  if (!title) throw new Error("the title screen never appeared (with the missions loaded)");
  ok(`title screen with missions loaded after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Let a few frames draw before the picture.
  await page.waitForTimeout(1500);
  await shot("web-title");

  // Keyboard only from here: the canvas has the focus, as after a click on the page.
  await page.focus("#agent-trace");
  await page.keyboard.press("Enter");
  if (!(await until((s) => s.screen === "Map", 10000))) throw new Error("Enter on the title did not open the map");
  await page.waitForTimeout(500);
  await shot("web-map");
  await page.keyboard.press("Enter");
  if (!(await until((s) => s.screen === "Mission", 10000))) throw new Error("Enter on the map did not open the first mission");

  // Story: Enter. Choice or chat: 1. Form: tick 1 and 2, Enter (focuses "Envoyer"), Enter.
  // Quiz: 1, Enter (focuses "Valider"), Enter.
  const seen = [];
  let shots = 0;
  for (let step = 0; step < 60; step++) {
    const s = await state();
    if (s.screen === "Debrief") break;
    if (s.screen !== "Mission") throw new Error(`left the mission for ${s.screen}`);
    // The last scene: the debrief follows on the next frame.
    if (s.scene === "End") { await until((n) => n.screen !== "Mission", 10000); continue; }
    seen.push(`${s.sceneId}(${s.scene})`);
    if (shots < 1 && s.scene === "Share") { await page.waitForTimeout(300); await shot("web-form"); shots++; }
    const keys = { Story: ["Enter"], Choice: ["1"], Chat: ["1"], Share: ["1", "2", "Enter", "Enter"],
      Permissions: ["Enter", "Enter"], Quiz: ["1", "Enter", "Enter"] }[s.scene];
    if (!keys) throw new Error(`unknown scene kind ${s.scene}`);
    // Each key gets its own frames (software WebGL draws a frame in a few hundred ms): two
    // Enters in one frame would count as one.
    for (const k of keys) { await page.keyboard.press(k); await page.waitForTimeout(500); }
    // A number picks only an answer on screen (else it scrolls to it and focuses it), and the
    // first Enter on a form only focuses its button: as a pupil would, press the last key again.
    const moved = (n) => n.screen !== "Mission" || n.sceneId !== s.sceneId;
    let next = await until(moved, 3000);
    for (let again = 0; !next && again < 2; again++) {
      await page.keyboard.press(keys[keys.length - 1]);
      next = await until(moved, 5000);
    }
    if (!next) throw new Error(`keys ${keys.join(" ")} did nothing on scene ${s.sceneId}`);
  }
  if (!(await until((s) => s.screen === "Debrief", 5000))) throw new Error(`no debrief after ${seen.join(" → ")}`);
  ok(`first mission played with the keyboard: ${seen.join(" → ")} → debrief`);
  await page.waitForTimeout(800);
  await shot("web-debrief");
  // Every decision rang through Web Audio, and the stamp on the debrief.
  const decisions = seen.filter((x) => !x.endsWith("(Story)")).length;
  const sounds = await page.evaluate(() => window.agentTraceSounds || 0);
  if (sounds < decisions + 1) fail(`${sounds} sound(s) played for ${decisions} decision(s) and the stamp`);
  else ok(`${sounds} sounds played through Web Audio (${decisions} decisions, the stamp, the stars)`);

  // The same class code gives the same draws natively (core::play::rng tests) and here.
  const golden = readFileSync(path.join(root, "tests/golden/class-code.txt"), "utf8")
    .split("\n").filter((l) => l.trim() && !l.startsWith("#")).map((l) => l.trim().split(/\s+/));
  for (const [code, context, ...want] of golden) {
    const got = await page.evaluate(([c, x, n]) => Array.from(window.agentTrace.class_code_draws(c, x, n)),
      [code, context, want.length]);
    if (got.join(" ") !== want.join(" ")) fail(`class code ${code}/${context}: ${got} instead of ${want}`);
    else ok(`class code ${code}/${context}: golden draws`);
  }

  // A teacher drops level files on the page: a broken one shows its errors...
  const drop = (name, text) => page.evaluate(([n, t]) => {
    const data = new DataTransfer();
    data.items.add(new File([t], n, { type: "text/plain" }));
    document.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [name, text]);
  await drop("cassé.ron", readFileSync(path.join(root, "tests/fixtures/broken/dangling-next.ron"), "utf8"));
  if (!(await until((s) => s.screen === "Diagnostics", 10000))) fail("a dropped broken level did not show the diagnostics");
  else { ok("dropped broken level: diagnostics screen"); await page.waitForTimeout(500); await shot("web-dropped-broken"); }
  // ...and a valid one is played.
  await drop("valide.ron", readFileSync(path.join(root, "tests/fixtures/valid-minimal.ron"), "utf8"));
  if (!(await until((s) => s.screen === "Mission", 10000))) fail("a dropped valid level was not opened");
  else ok("dropped valid level: playing it");

  // The page's address opens a mission at a scene (the teacher's preview link).
  await page.goto(`${origin}/index.html?lang=en&level=lampe&scene=marche-annonce`);
  const preview = await until((s) => s.screen === "Mission" && s.loading === "", 60000);
  if (!preview || preview.sceneId !== "marche-annonce") {
    fail(`?level=lampe&scene=marche-annonce opened ${JSON.stringify(preview)}`);
  } else ok("?lang=en&level=lampe&scene=marche-annonce opens that scene");

  // Screen readers: the live region holds the scene in words.
  const live = await page.evaluate(() => {
    const el = document.getElementById("agent-trace-live");
    return el && [el.getAttribute("aria-live"), el.textContent];
  });
  if (!live || live[0] !== "polite" || !live[1].includes("The Neighbours' Market")) {
    fail(`the ARIA live region does not hold the scene: ${JSON.stringify(live)}`);
  } else ok(`ARIA live region holds the scene (${live[1].length} characters)`);

  // Read-aloud: L hands the scene's text, then its choices, to the browser's voice.
  await page.evaluate(() => {
    window.agentTraceUtterances = [];
    if (window.speechSynthesis) {
      window.speechSynthesis.speak = (u) => window.agentTraceUtterances.push([u.lang, u.text]);
    }
  });
  await page.focus("#agent-trace");
  await page.keyboard.press("l");
  await page.waitForTimeout(1000);
  const said = await page.evaluate(() => window.agentTraceUtterances);
  const heard = said.find(([, text]) => text.includes("The Neighbours' Market: swap your vegetables"));
  if (!heard) fail(`L did not read the scene to speechSynthesis.speak: ${JSON.stringify(said)}`);
  else if (heard[0] !== "en-GB") fail(`read-aloud in ${heard[0]}, not the game's English`);
  else ok(`L reads the scene aloud through speechSynthesis.speak (${heard[0]}, ${heard[1].length} characters)`);
} catch (e) {
  fail(e.message);
  await page.screenshot({ path: path.join(out, "web-failure.png") }).catch(() => {});
} finally {
  if (errors.length) fail(`console errors:\n  ${errors.join("\n  ")}`);
  else ok("no console error");
  if (foreign.length) fail(`requests to other origins:\n  ${foreign.join("\n  ")}`);
  else ok("every request went to the same origin");
  await browser.close();
  server.kill();
}
if (failures.length) {
  console.log(`\nbrowser console:\n  ${console_log.slice(-30).join("\n  ")}`);
  console.log(`\n${failures.length} failure(s)`);
  process.exit(1);
}
console.log("\nbrowser test passed");
