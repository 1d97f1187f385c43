// SkyGate operations dashboard: polls GET /v1/dashboard/summary with a staff key.
//
// The key (agent or admin role) is typed once and kept in sessionStorage:
// it lives as long as the browser tab and is sent only as X-API-Key to this
// origin. Polling (default every 2 s, `?interval=ms`) rather than server-sent
// events: EventSource cannot send the key header, and with several workers
// each request is one indexed read of the shared database either way.

import { I18n, loadTable } from "/web/shared/i18n.js";

const $ = (id) => document.getElementById(id);
const KEY = "skygate.dashboard.key";
const AIRPORT_TZ = "Asia/Ho_Chi_Minh";
const params = new URLSearchParams(location.search);
const INTERVAL = Math.max(250, Number(params.get("interval")) || 2000);

let i18n;
let summary = null;
let lastEventId = null;
let fresh = new Set();
let timer = null;
let offline = false;
let updatedAt = null;

// --- Sign-in ---------------------------------------------------------------

function key() {
  return sessionStorage.getItem(KEY);
}

function signOut(messageKey = null) {
  sessionStorage.removeItem(KEY);
  clearTimeout(timer);
  summary = null;
  lastEventId = null;
  $("board").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in").hidden = false;
  $("key-error").hidden = !messageKey;
  if (messageKey) $("key-error").dataset.key = messageKey;
  render();
  $("key").focus();
}

function signIn(event) {
  event.preventDefault();
  const value = $("key").value.trim();
  if (!value) {
    $("key-error").hidden = false;
    $("key-error").dataset.key = "key_missing";
    render();
    return;
  }
  sessionStorage.setItem(KEY, value);
  $("key").value = "";
  start();
}

function start() {
  $("sign-in").hidden = true;
  $("key-error").hidden = true;
  $("sign-out").hidden = false;
  poll();
}

// --- Polling ---------------------------------------------------------------

async function poll() {
  clearTimeout(timer);
  if (!key()) return;
  if (document.hidden) {
    timer = setTimeout(poll, INTERVAL);
    return;
  }
  const query = new URLSearchParams({ window_minutes: $("window").value, limit: "40" });
  try {
    const response = await fetch(`/v1/dashboard/summary?${query}`, {
      headers: { "X-API-Key": key() }, cache: "no-store",
    });
    if (response.status === 401) return signOut("key_unknown");
    if (response.status === 403) return signOut("key_role");
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const next = await response.json();
    fresh = new Set(next.events.filter((e) => lastEventId !== null && e.event_id > lastEventId).map((e) => e.event_id));
    lastEventId = next.events.length ? next.events[0].event_id : lastEventId ?? 0;
    summary = next;
    offline = false;
    updatedAt = new Date();
    $("board").hidden = false;
  } catch {
    offline = true;
  }
  render();
  timer = setTimeout(poll, offline ? Math.min(INTERVAL * 3, 10000) : INTERVAL);
}

// --- Rendering -------------------------------------------------------------

function clock(iso, withSeconds = false) {
  const options = { timeZone: AIRPORT_TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  if (withSeconds) options.second = "2-digit";
  return new Intl.DateTimeFormat("en-GB", options).format(typeof iso === "string" ? new Date(iso) : iso);
}

function cell(text, className = "") {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (text instanceof Node) td.append(text);
  else td.textContent = text ?? "–";
  return td;
}

function badge(text, kind) {
  const el = document.createElement("span");
  el.className = `badge ${kind}`;
  el.textContent = text;
  return el;
}

function fixed(value, digits) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(digits);
}

function renderTotals() {
  const totals = $("totals");
  totals.replaceChildren();
  for (const name of ["flights", "passengers", "enrolled", "security_cleared", "boarded", "manual"]) {
    const box = document.createElement("div");
    box.className = "total";
    box.dataset.total = name;
    const value = document.createElement("span");
    value.className = "value";
    value.textContent = summary.totals[name].toLocaleString("en-US");
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = i18n.t(name);
    box.append(value, label);
    totals.append(box);
  }
}

function renderFlights() {
  const body = $("flights").tBodies[0];
  body.replaceChildren();
  for (const f of summary.flights) {
    const row = document.createElement("tr");
    row.dataset.flight = f.flight_no;
    const share = f.passengers ? f.boarded / f.passengers : 0;
    const progress = document.createElement("div");
    progress.className = "progress";
    const bar = document.createElement("progress");
    bar.max = Math.max(1, f.passengers);
    bar.value = f.boarded;
    bar.setAttribute("aria-label", `${f.flight_no} ${i18n.t("col_progress")}`);
    const pct = document.createElement("span");
    pct.textContent = `${Math.round(100 * share)}%`;
    progress.append(bar, pct);
    row.append(
      cell(f.flight_no), cell(f.destination), cell(clock(f.departure_time)), cell(f.gate),
      cell(badge(i18n.t(`status_${f.status}`), f.status === "boarding" ? "open" : "info")),
      cell(String(f.passengers), "num"), cell(String(f.enrolled), "num enrolled"),
      cell(String(f.security_cleared), "num cleared"), cell(String(f.boarded), "num boarded"),
      cell(String(f.manual), "num manual"), cell(progress),
    );
    body.append(row);
  }
  $("no-flights").hidden = summary.flights.length > 0;
}

function renderTouchpoints() {
  const body = $("touchpoints").tBodies[0];
  body.replaceChildren();
  for (const t of summary.touchpoints) {
    const row = document.createElement("tr");
    row.dataset.touchpoint = t.touchpoint_id;
    const reasons = Object.entries(t.reasons).slice(0, 3).map(([r, n]) => `${r} ${n}`).join(", ");
    row.append(
      cell(t.touchpoint_id), cell(String(t.scans), "num"), cell(String(t.open), "num"),
      cell(String(t.deny), "num"), cell(String(t.manual), "num"),
      cell(`${(100 * t.match_rate).toFixed(1)}%`, "num"),
      cell(t.latency_p50_ms === null ? "–" : `${fixed(t.latency_p50_ms, 1)} ms`, "num"),
      cell(t.latency_p95_ms === null ? "–" : `${fixed(t.latency_p95_ms, 1)} ms`, "num"),
      cell(reasons),
    );
    body.append(row);
  }
  $("no-scans").hidden = summary.touchpoints.length > 0;
}

function renderEvents() {
  const body = $("events").tBodies[0];
  body.replaceChildren();
  for (const e of summary.events) {
    const row = document.createElement("tr");
    row.dataset.event = e.event_id;
    if (fresh.has(e.event_id)) row.className = "fresh";
    const reason = document.createElement("code");
    reason.textContent = e.reason ?? "–";
    row.append(
      cell(clock(e.occurred_at, true)), cell(e.touchpoint_id), cell(i18n.t(`kind_${e.kind}`)),
      cell(e.decision ? badge(e.decision, e.decision) : "–"), cell(reason), cell(e.flight_no), cell(e.pnr),
      cell(fixed(e.distance, 3), "num"), cell(e.latency_ms === null ? "–" : `${fixed(e.latency_ms, 1)} ms`, "num"),
    );
    body.append(row);
  }
  $("no-events").hidden = summary.events.length > 0;
}

function render() {
  i18n.apply();
  for (const option of $("window").options) option.textContent = i18n.t("minutes", { n: option.value });
  const error = $("key-error");
  if (!error.hidden) error.textContent = i18n.t(error.dataset.key);
  const status = $("status");
  status.classList.toggle("offline", offline);
  status.textContent = offline ? i18n.t("offline") : updatedAt ? i18n.t("updated", { time: clock(updatedAt, true) }) : "";
  if (!summary) {
    $("clock").textContent = "";
    return;
  }
  $("airport").textContent = summary.airport;
  const simulated = summary.simulated ? ` · ${i18n.t("simulated", { speed: summary.clock_speed })}` : "";
  $("clock").textContent = `${i18n.t("service_time")} ${clock(summary.now, true)}${simulated}`;
  renderTotals();
  renderFlights();
  renderTouchpoints();
  renderEvents();
}

// --- Start-up --------------------------------------------------------------

async function main() {
  const table = await loadTable("messages.json");
  i18n = new I18n(table.ui, params.get("lang") || "vi");
  $("lang").addEventListener("click", () => { i18n.toggle(); render(); });
  $("sign-in-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", () => signOut());
  $("window").addEventListener("change", poll);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) poll(); });
  document.body.dataset.ready = "true";
  if (key()) start();
  else signOut();
}

main();
