// SkyGate self-service kiosk: welcome -> identify -> choose flight -> consent
// -> face capture -> result (boarding pass, or a reason and the counter).
//
// The page talks only to same-origin /kiosk/api/... endpoints; the server acts
// as the configured kiosk device, so no key ever reaches this page. Every
// error is a problem document with a stable `code`, mapped to a message in
// messages.json ("path": retry = try another photo, input = fix what was
// typed, manual = the face path ends here and the traveller goes to a counter).

import * as camera from "./camera.js";
import { I18n, fill, loadTable } from "/web/shared/i18n.js";

const $ = (id) => document.getElementById(id);
const SCREENS = ["welcome", "identify", "choose", "consent", "capture", "result"];
const AIRPORT_TZ = "Asia/Ho_Chi_Minh";
const params = new URLSearchParams(location.search);

let i18n;
let errors;
let config = { counter: "?", idle_seconds: 90, retention_hours: 24, ready: false };
const state = {
  screen: "welcome",
  by: "id",
  bookings: [],
  booking: null,
  busy: false,
  identifyError: null, // {key} or a problem
  captureError: null,
  result: null, // {ok: true, pass} or {ok: false, problem}
  cameraStatus: "",
  lastActivity: Date.now(),
};

// --- API -------------------------------------------------------------------

class Problem extends Error {
  constructor(body) {
    super(body.detail || body.code);
    Object.assign(this, body);
  }
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(`/kiosk/api${path}`, { cache: "no-store", ...options });
  } catch {
    throw new Problem({ code: "network_error", status: 0 });
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Problem({ code: body.code || "internal_error", status: response.status, ...body });
  return body;
}

// --- Messages --------------------------------------------------------------

function messageVars(problem = {}) {
  return {
    counter: config.counter,
    opens: config.enrolment_opens_hours,
    closes: config.enrolment_closes_hours,
    attempts_left: problem.attempts_left ?? "",
  };
}

/** The message entry for a problem; a failed last attempt reads as the lock-out it caused. */
function entryFor(problem) {
  let code = problem.code;
  if (code === "face_mismatch" && problem.attempts_left === 0) code = "too_many_attempts";
  return errors[code] || errors.internal_error;
}

export function errorText(problem) {
  const entry = entryFor(problem);
  return fill(entry[i18n.lang] ?? entry.vi, messageVars(problem));
}

function errorPath(problem) {
  return entryFor(problem).path;
}

/** "HH:MM dd/MM" at the airport (UTC+7), whatever the kiosk's own time zone. */
function localTime(iso, withDate = true) {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone: AIRPORT_TZ, hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", hourCycle: "h23",
  });
  const part = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const time = `${part.hour}:${part.minute}`;
  return withDate ? `${time} ${part.day}/${part.month}` : time;
}

function bookingLine(b) {
  return b ? `${b.flight_no}  ${b.origin} → ${b.destination} · ${b.display_name} · ${i18n.t("seat")} ${b.seat}` : "";
}

// --- Screens ---------------------------------------------------------------

function show(name) {
  state.screen = name;
  document.body.dataset.screen = name;
  for (const id of SCREENS) $(id).hidden = id !== name;
  if (name === "capture") startCamera();
  else camera.stop();
  render();
  const heading = $(name).querySelector("h1");
  heading.focus();
  touch();
}

function restart() {
  camera.stop();
  Object.assign(state, { bookings: [], booking: null, busy: false, identifyError: null, captureError: null,
                         result: null });
  $("identify-form").reset();
  $("upload").value = "";
  setLookupMode("id");
  show("welcome");
}

/** Re-draw everything that depends on state or language (after any change, and on the language toggle). */
function render() {
  i18n.apply();
  $("airport").textContent = config.airport || "";
  $("welcome-counter").textContent = i18n.t("welcome_counter");
  $("out-of-service").hidden = config.ready;
  $("out-of-service").textContent = i18n.t("out_of_service");
  $("start").disabled = !config.ready;
  $("lookup-label").textContent = i18n.t(state.by === "id" ? "id_label" : "pnr_label");
  renderNotice($("identify-error"), state.identifyError);
  $("lookup").setAttribute("aria-invalid", String(Boolean(state.identifyError)));
  renderBookings();
  for (const el of document.querySelectorAll("[data-booking-line]")) el.textContent = bookingLine(state.booking);
  $("consent-keep").textContent = i18n.t("consent_keep", { hours: config.retention_hours });
  $("consent-withdraw").textContent = i18n.t("consent_withdraw");
  $("camera-status").textContent = state.cameraStatus ? i18n.t(state.cameraStatus) : "";
  renderNotice($("capture-error"), state.captureError);
  $("checking").hidden = !state.busy;
  for (const id of ["shoot", "pick"]) $(id).disabled = state.busy || (id === "shoot" && !camera.running());
  renderResult();
}

function renderNotice(el, notice) {
  el.hidden = !notice;
  if (!notice) return;
  el.textContent = notice.key ? i18n.t(notice.key) : errorText(notice);
  if (notice.code) el.dataset.code = notice.code;
  else delete el.dataset.code;
}

function renderBookings() {
  const list = $("bookings");
  list.replaceChildren();
  $("choose-empty").hidden = state.bookings.length > 0;
  $("choose-empty").textContent = i18n.t("no_bookings");
  for (const b of state.bookings) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "booking";
    button.dataset.pnr = b.pnr;
    const route = span("route", `${b.flight_no}  ${b.origin} → ${b.destination}`);
    const when = span("when", `${i18n.t("departs")} ${localTime(b.departure_time)}`);
    const who = span("", `${b.display_name} · ${i18n.t("seat")} ${b.seat}`);
    const where = span("when", `${i18n.t("gate")} ${b.gate} · ${i18n.t(`status_${b.flight_status}`)}`);
    button.append(route, when, who, where);
    if (b.blocked) button.append(span("tag bad", errorText({ code: b.blocked })));
    else if (b.enrolled) button.append(span("tag ok", i18n.t("already_enrolled")));
    button.addEventListener("click", () => chooseBooking(b));
    const item = document.createElement("li");
    item.append(button);
    list.append(item);
  }
}

function span(className, text) {
  const el = document.createElement("span");
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

function renderResult() {
  const result = state.result;
  if (!result) return;
  $("success").hidden = !result.ok;
  $("failure").hidden = result.ok;
  $("result-title").textContent = i18n.t(result.ok ? "success_title" : "failure_title");
  $("done").textContent = i18n.t(result.ok ? "finish" : "start_over");
  $("retry").hidden = result.ok || !result.retry;
  if (!result.ok) {
    $("failure").textContent = errorText(result.problem);
    $("failure").dataset.code = result.problem.code;
    return;
  }
  const p = result.pass;
  const rows = [
    ["passenger", p.full_name], ["flight", `${p.flight_no}  ${p.origin} → ${p.destination}`],
    ["departs", localTime(p.departure_time)], ["boarding_from", localTime(p.boarding_opens_at, false)],
    ["gate", p.gate], ["seat", p.seat], ["sequence", String(p.sequence).padStart(3, "0")],
  ];
  const fields = $("pass-fields");
  fields.replaceChildren();
  for (const [key, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = i18n.t(key);
    const dd = document.createElement("dd");
    dd.textContent = value;
    dd.dataset.field = key;
    fields.append(dt, dd);
  }
  $("bcbp").textContent = p.bcbp;
  $("bags").hidden = !p.checked_bags;
  $("bags").textContent = i18n.t("bags_note", { bags: p.checked_bags });
}

// --- Steps -----------------------------------------------------------------

function setLookupMode(by) {
  state.by = by;
  state.identifyError = null;
  const input = $("lookup");
  input.value = "";
  input.inputMode = by === "id" ? "numeric" : "text";
  input.maxLength = by === "id" ? 12 : 7;
  input.autocapitalize = by === "id" ? "off" : "characters";
  for (const radio of document.querySelectorAll("input[name=by]")) radio.checked = radio.value === by;
  render();
}

async function identify(event) {
  event.preventDefault();
  if (state.busy) return;
  const value = $("lookup").value.replace(/\s+/g, "").toUpperCase();
  const valid = state.by === "id" ? /^\d{12}$/.test(value) : /^[A-Z0-9]{5,7}$/.test(value);
  if (!valid) {
    state.identifyError = { key: state.by === "id" ? "id_format" : "pnr_format" };
    render();
    $("lookup").focus();
    return;
  }
  state.busy = true;
  state.identifyError = null;
  render();
  try {
    state.bookings = state.by === "id"
      ? (await api(`/bookings?personal_id=${encodeURIComponent(value)}`)).bookings
      : [await api(`/bookings/${encodeURIComponent(value)}`)];
    state.busy = false;
    show("choose");
  } catch (problem) {
    state.busy = false;
    if (errorPath(problem) === "input") {
      state.identifyError = problem;
      render();
      $("lookup").focus();
    } else {
      fail(problem);
    }
  }
}

function chooseBooking(booking) {
  if (booking.blocked) {
    fail({ code: booking.blocked });
    return;
  }
  state.booking = booking;
  show("consent");
}

async function startCamera() {
  state.cameraStatus = "camera_starting";
  render();
  try {
    await camera.start($("preview"));
    if (state.screen !== "capture") camera.stop(); // left while the camera was starting
    state.cameraStatus = "camera_ready";
  } catch {
    state.cameraStatus = "camera_unavailable";
  }
  render();
}

async function shoot() {
  if (!camera.running()) return;
  await enrol(await camera.grab($("preview")));
}

async function uploaded() {
  const file = $("upload").files[0];
  $("upload").value = "";
  if (!file) return;
  if (file.size > config.max_upload_bytes) {
    state.captureError = { code: "image_too_large" };
    render();
    return;
  }
  await enrol(file);
}

async function enrol(image) {
  state.busy = true;
  state.captureError = null;
  render();
  const form = new FormData();
  form.append("pnr", state.booking.pnr);
  form.append("consent", "true");
  form.append("image", image, image.name || "capture.jpg");
  try {
    const pass = await api("/enrolments", { method: "POST", body: form });
    state.busy = false;
    succeed(pass);
  } catch (problem) {
    state.busy = false;
    if (errorPath(problem) === "retry") {
      state.captureError = problem;
      render();
      ($("shoot").disabled ? $("pick") : $("shoot")).focus();
    } else {
      fail(problem, problem.code === "face_mismatch" && problem.attempts_left > 0);
    }
  }
}

function succeed(pass) {
  state.result = { ok: true, pass };
  $("qr").src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(pass.qr_svg)}`;
  show("result");
}

function fail(problem, retry = false) {
  state.result = { ok: false, problem, retry };
  $("qr").removeAttribute("src");
  show("result");
}

// --- Idle timeout ----------------------------------------------------------

function touch() {
  state.lastActivity = Date.now();
}

function idleTick() {
  const limit = config.idle_seconds * 1000;
  const warnFrom = Math.min(15000, limit / 3);
  if (state.screen === "welcome" || state.busy) {
    touch();
  }
  const left = limit - (Date.now() - state.lastActivity);
  $("idle").hidden = left > warnFrom;
  $("idle-fill").style.width = `${Math.max(0, (100 * left) / warnFrom)}%`;
  if (left <= 0) restart();
}

// --- Start-up --------------------------------------------------------------

async function main() {
  const table = await loadTable("messages.json");
  errors = table.errors;
  i18n = new I18n(table.ui, params.get("lang") || "vi");
  try {
    config = await api("/config");
  } catch {
    config.ready = false;
  }
  const idle = Number(params.get("idle"));
  if (idle > 0) config.idle_seconds = idle;
  i18n.vars = { counter: config.counter };

  $("lang").addEventListener("click", () => { i18n.toggle(); render(); });
  $("start").addEventListener("click", () => show("identify"));
  $("identify-form").addEventListener("submit", identify);
  for (const radio of document.querySelectorAll("input[name=by]")) {
    radio.addEventListener("change", () => setLookupMode(radio.value));
  }
  $("lookup").addEventListener("input", () => {
    if (state.identifyError) { state.identifyError = null; render(); }
  });
  $("agree").addEventListener("click", () => show("capture"));
  $("decline").addEventListener("click", () => fail({ code: "consent_required" }));
  $("shoot").addEventListener("click", shoot);
  $("pick").addEventListener("click", () => $("upload").click());
  $("upload").addEventListener("change", uploaded);
  $("retry").addEventListener("click", () => { state.result = null; show("capture"); });
  for (const el of document.querySelectorAll("[data-action=restart]")) el.addEventListener("click", restart);
  for (const el of document.querySelectorAll("[data-action=identify]")) {
    el.addEventListener("click", () => show("identify"));
  }
  for (const type of ["pointerdown", "keydown", "input", "wheel"]) {
    document.addEventListener(type, touch, { capture: true, passive: true });
  }
  setInterval(idleTick, 250);
  show("welcome");
  document.body.dataset.ready = "true";
}

main();
