/* The topic filter beside the map (an st.components.v2 component, in the page itself).
 *
 * A reader's change is applied to the map at once, by calling the map library inside
 * the map's frame (same origin), and only then reported to the app, whose rerun
 * brings the table, counts and timeline up to date. Both carry an order [epoch, rev]:
 * epoch is the app's reset generation, rev the page's change counter, so whichever of
 * the page's change and the app's rerun is newer wins wherever they meet.
 *
 * Data from the app: topics (key, label, colour, shape, count, companions), selected, match,
 * order, summary (what the app's own filtering shows), filtersNote, ready, frame (null: the
 * map is in this page), moreFilters (false: no "More filters" button).
 * All text reaches the DOM through textContent.
 */

const STYLE_ID = "itin-tf-style";
const CSS = `
.itin-tf { font: 14px/1.4 "Source Sans", "Source Sans Pro", system-ui, sans-serif; color: inherit; }
.itin-tf-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-bottom: 6px; }
.itin-tf-title { font-weight: 600; margin-right: 2px; }
.itin-tf button { font: inherit; cursor: pointer; border-radius: 999px; border: 1px solid #b8bcc6;
  background: #fff; color: #1f2330; padding: 2px 10px; line-height: 1.5; min-height: 30px; }
.itin-tf button:hover { border-color: #5a6070; }
.itin-tf button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.itin-tf .itin-tf-small { padding: 1px 9px; font-size: 13px; min-height: 28px; }
.itin-tf-more { margin-left: auto; }
.itin-tf-match { display: inline-flex; border: 1px solid #b8bcc6; border-radius: 999px; overflow: hidden; }
.itin-tf-match button { border: none; border-radius: 0; min-height: 28px; font-size: 13px; }
.itin-tf-match button[aria-pressed="true"] { background: #1f2330; color: #fff; }
.itin-tf-match button:focus-visible { outline-offset: -4px; }
.itin-tf-chips { display: flex; flex-wrap: wrap; gap: 6px; }
.itin-tf-chip { display: inline-flex; align-items: center; gap: 6px; }
.itin-tf-chip[aria-pressed="true"] { background: #eef1f7; border-color: #1f2330; }
.itin-tf-chip[aria-pressed="false"] { color: #5a6070; border-style: dashed; }
.itin-tf-chip[aria-pressed="false"] .itin-tf-swatch { opacity: 0.35; }
.itin-tf-chip .itin-tf-count { font-variant-numeric: tabular-nums; font-weight: 600; }
.itin-tf-chip[disabled] { opacity: 0.55; cursor: default; }
.itin-tf-swatch { width: 14px; height: 14px; flex: none; display: inline-block; }
.itin-tf-status { margin-top: 6px; font-size: 13.5px; color: #31333f; min-height: 1.4em; }
.itin-tf-status strong { font-weight: 600; }
`;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function newer(a, b) {
  if (!b) return true;
  if (!a) return false;
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);
}

function plural(count, one, many) {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}

// One sentence a reader can act on: how many stops show, and why unticking a topic left
// some of its stops on the map (they have another ticked topic).
export function statusText(summary, state, topics, filtersNote) {
  if (!summary) return "Updating…";
  const parts = [];
  if (!state.topics.size) {
    parts.push("No topic is ticked: tick one to see its stops.");
  } else {
    parts.push(`${summary.shown.toLocaleString("en")} of ${plural(summary.total, "stop", "stops")} shown.`);
  }
  if (state.match === "any") {
    const labels = Object.fromEntries(topics.map((t) => [t.key, t.label]));
    const stayed = topics.filter((t) => !state.topics.has(t.key) && (summary.stayed[t.key] || 0) > 0);
    // The topic just unticked is explained first: it is the one the reader is looking at.
    stayed.sort((a, b) => (b.key === state.last) - (a.key === state.last));
    stayed.slice(0, 2).forEach((t) => {
      const n = summary.stayed[t.key];
      const ticked = (t.companions || []).filter((key) => state.topics.has(key)).map((key) => labels[key]);
      const who = n === 1 ? "1 of its stops stays" : n === t.count ? `its ${n} stops stay` : `${n} of its stops stay`;
      let why;
      if (ticked.length) why = `${n === 1 ? "it also has" : "all also have"} ${ticked.join(" and ")}`;
      else why = n === 1 ? "it has another ticked topic" : "they have other ticked topics";
      parts.push(`${t.label} is off, but ${who}: ${why}.`);
    });
    if (stayed.length > 2) parts.push(`${stayed.length - 2} more unticked topics keep stops the same way.`);
  } else if (state.topics.size) {
    parts.push("Showing stops that have every ticked topic.");
  }
  if (filtersNote) parts.push(filtersNote);
  return parts.join(" ");
}

// The map library lives in the map's frame (the app), or without a frame in this very
// page (the published map, itinerary/views/publish.py).
function mapApi(frameSelector) {
  const frame = frameSelector ? document.querySelector(frameSelector) : null;
  try {
    const owner = frameSelector ? frame && frame.contentWindow : window;
    const api = owner && owner.ItineraryMap;
    return api && typeof api.applyTopics === "function" ? api : null;
  } catch (error) {
    return null;
  }
}

// The first field of the sidebar, once it is open (it slides in).
function focusSidebar(deadline = performance.now() + 3000) {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (sidebar && sidebar.getAttribute("data-collapsed") !== "true") {
    // The first of its own fields that takes the focus (the header's buttons show on hover).
    const content = sidebar.querySelector('[data-testid="stSidebarUserContent"]') || sidebar;
    for (const field of content.querySelectorAll("input, button, [tabindex='0']")) {
      field.focus();
      if (document.activeElement === field) break;
    }
  }
  // Until it holds: a field still hidden while the sidebar slides in does not take it.
  if (sidebar && sidebar.contains(document.activeElement)) return;
  if (performance.now() < deadline) {
    requestAnimationFrame(() => focusSidebar(deadline));
  }
}

function ensureStyle() {
  if (document.getElementById(STYLE_ID)) return;
  const style = el("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.appendChild(style);
}

export default function topicFilter(component) {
  const { data, setStateValue, parentElement } = component;
  ensureStyle();
  let root = parentElement.querySelector(".itin-tf");
  if (!root) {
    root = el("div", "itin-tf");
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", "Filter stops by topic");
    // The status line is made once and kept: a screen reader announces a live region's
    // changes, so its sentence changes once per change of filter, however often the
    // buttons above it are redrawn (each rerun redraws them).
    root.__controls = el("div", "itin-tf-controls");
    root.__status = el("div", "itin-tf-status");
    root.__status.setAttribute("role", "status");
    root.__status.setAttribute("aria-live", "polite");
    root.__status.setAttribute("aria-atomic", "true");
    root.append(root.__controls, root.__status);
    parentElement.appendChild(root);
    root.__state = { order: null, topics: new Set(), match: "any" };
  }
  const state = root.__state;
  state.data = data;
  if (newer(data.order, state.order)) {
    state.order = data.order;
    state.topics = new Set(data.selected);
    state.match = data.match === "all" ? "all" : "any";
    state.summary = data.summary;
  } else if (state.order && data.order && data.order[1] === state.order[1]) {
    state.summary = data.summary;  // the app has caught up with the page
  }

  function commit() {
    const previous = state.order ? state.order[1] : 0;
    state.order = [data.order[0], Math.max(previous + 1, Date.now())];
    const api = mapApi(data.frame);
    const summary = api ? api.applyTopics([...state.topics], state.match, state.order) : null;
    state.summary = summary || null;
    draw();
    // Tell the app after the next frame: Streamlit's own work on a widget change would
    // otherwise hold back the frame that shows the new map.
    const value = { topics: [...state.topics], match: state.match, rev: state.order[1] };
    requestAnimationFrame(() => setTimeout(() => setStateValue("value", value), 0));
  }

  function draw() {
    const d = state.data;
    const controls = root.__controls;
    // Taken before the buttons go: removing the focused one may report a focus-out.
    const focusKey = state.focusKey;
    state.redrawing = true;
    controls.replaceChildren();
    const head = el("div", "itin-tf-head");
    head.appendChild(el("span", "itin-tf-title", "Topics"));
    const all = el("button", "itin-tf-small itin-tf-all", "All");
    all.type = "button";
    all.title = "Tick every topic";
    all.onclick = () => { state.topics = new Set(d.topics.map((t) => t.key)); commit(); };
    const none = el("button", "itin-tf-small itin-tf-none", "None");
    none.type = "button";
    none.title = "Untick every topic";
    none.onclick = () => { state.topics = new Set(); commit(); };
    head.append(all, none);
    const match = el("span", "itin-tf-match");
    match.setAttribute("role", "group");
    match.setAttribute("aria-label", "Show stops with any or all ticked topics");
    [["any", "any ticked", "Show stops with at least one ticked topic"],
     ["all", "all ticked", "Show only stops that have every ticked topic"]].forEach(([value, label, tip]) => {
      const button = el("button", `itin-tf-match-${value}`, label);
      button.type = "button";
      button.title = tip;
      button.setAttribute("aria-pressed", String(state.match === value));
      button.onclick = () => { if (state.match !== value) { state.match = value; commit(); } };
      match.appendChild(button);
    });
    head.appendChild(match);
    // Dates, search, confidence and the choice of journey live in the sidebar, folded
    // away so the map gets the screen: this opens it.
    const more = el("button", "itin-tf-small itin-tf-more", "More filters ›");
    more.type = "button";
    more.title = "Dates, search, confidence, other journeys and uploads (the sidebar)";
    more.onclick = (event) => {
      const open = document.querySelector('[data-testid="stExpandSidebarButton"]');
      if (open) open.click();
      // A click from the keyboard (Enter, Space: detail 0) goes on into the sidebar.
      if (!open || event.detail === 0) focusSidebar();
    };
    if (d.moreFilters !== false) head.appendChild(more);  // false: a page with no sidebar
    controls.appendChild(head);

    const chips = el("div", "itin-tf-chips");
    d.topics.forEach((topic) => {
      const on = state.topics.has(topic.key);
      const chip = el("button", "itin-tf-chip");
      chip.type = "button";
      chip.dataset.topic = topic.key;
      chip.setAttribute("aria-pressed", String(on));
      const swatch = el("span", "itin-tf-swatch");
      swatch.style.background = topic.colour;
      if (topic.shape === "circle") swatch.style.borderRadius = "50%";
      else swatch.style.clipPath = topic.shape;
      swatch.setAttribute("aria-hidden", "true");
      chip.append(swatch, el("span", "itin-tf-label", topic.label), el("span", "itin-tf-count", topic.count));
      const tip = [`${plural(topic.count, "stop", "stops")} with this topic`];
      if (topic.companions && topic.companions.length) {
        const names = topic.companions.map((key) => (d.topics.find((t) => t.key === key) || {}).label || key);
        tip.push(`all also have ${names.join(" and ")}`);
      }
      // Named by what it shows ("Railways 6"), described by the tip: a name that differs
      // from the visible text fails speech control ("click Railways").
      chip.title = tip.join("; ");
      chip.onclick = () => {
        if (state.topics.has(topic.key)) state.topics.delete(topic.key);
        else state.topics.add(topic.key);
        state.last = topic.key;
        commit();
      };
      chips.appendChild(chip);
    });
    controls.appendChild(chips);

    say(statusText(state.summary, state, d.topics, d.filtersNote));
    // Focus survives the redraw: the button the reader pressed keeps it.
    state.redrawing = false;
    if (focusKey) {
      const again = root.querySelector(focusKey);
      if (again) again.focus({ preventScroll: true });
    }
  }

  // A new status line (the first view, a reset, another journey) gets its sentence a frame
  // after it is in the page, so that it is announced too.
  function say(text) {
    const status = root.__status;
    status.__wanted = text;
    if (!status.__shown) {
      status.__shown = true;
      requestAnimationFrame(() => { status.textContent = status.__wanted; });
    } else if (status.textContent !== text) {
      status.textContent = text;
    }
  }

  // Listeners go on once, with the root (Chrome has no `onfocusin` property); they read
  // the state the root keeps.
  if (!root.__focusWatched) {
    root.__focusWatched = true;
    const kept = root.__state;
    root.addEventListener("focusin", (event) => {
      const target = event.target;
      if (target.dataset && target.dataset.topic) kept.focusKey = `[data-topic="${target.dataset.topic}"]`;
      else if (target.className) kept.focusKey = `.${String(target.className).split(" ").pop()}`;
    });
    root.addEventListener("focusout", (event) => {
      if (!kept.redrawing && !root.contains(event.relatedTarget)) kept.focusKey = null;
    });
  }
  draw();

  // The app leaves out what sits below the map until the map has drawn its stops. "ready"
  // is part of the state, not a one-off event: the browser sends it with every later
  // rerun, so a new session (another server, after the reader's was lost) builds the
  // whole page on its first run instead of dropping everything below the map.
  if (!data.ready && !root.__readyAsked) {
    root.__readyAsked = true;
    const ask = () => {
      if (root.__readySent) return;
      root.__readySent = true;
      setStateValue("ready", true);
    };
    if (window.__itinMapDrawn) ask();
    else {
      window.addEventListener("itinerary:drawn", ask, { once: true });
      setTimeout(ask, 4000);  // a map that never draws must not hold the rest back
    }
  }
}
