/* "Skip to the list of stops": the first stop of the Tab key on the dashboard page.
 *
 * The map is a picture; the itinerary table below it holds the same stops as text, and
 * is what a keyboard or screen-reader user wants. The link is the page's first focusable
 * element (placed before Streamlit's own root, so no rerun moves it), hidden until it has
 * the focus. Activated, it opens the table's tab when another tab is open, waits for the
 * table (the part below the map arrives a moment after the map) and puts the focus in it.
 *
 * Data from the app: label (the link's text), tab (the table tab's label).
 */

const LINK_ID = "itin-skip-to-stops";
// The link's target: the tabs below the map, whose first tab is the table. (Without this
// script's help a browser still scrolls there.)
const TARGET_ID = "itin-stops";
const STYLE_ID = "itin-skip-style";
const CSS = `
#${LINK_ID} { position: fixed; left: 8px; top: 8px; z-index: 1000100; padding: 8px 14px;
  background: #1f2330; color: #fff; border-radius: 6px; font: 600 15px/1.4 "Source Sans",
  "Source Sans Pro", system-ui, sans-serif; text-decoration: underline;
  transform: translateY(-200%); }
#${LINK_ID}:focus { transform: none; outline: 3px solid #1a73e8; outline-offset: 2px; }
`;
const WAIT_MS = 10000;

function visiblePanel(tabLabel) {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const tab = tabs.find((node) => node.textContent.trim() === tabLabel);
  if (!tab) return { tab: null, panel: null };
  const id = tab.getAttribute("aria-controls");
  return { tab, panel: id ? document.getElementById(id) : null };
}

// The table's own keyboard target (the grid), else the table itself.
function tableTarget(tabLabel) {
  const { tab, panel } = visiblePanel(tabLabel);
  if (!tab || tab.getAttribute("aria-selected") !== "true") return null;
  const scope = panel || document;
  const table = scope.querySelector('[data-testid="stDataFrame"]');
  if (!table) return null;
  return table.querySelector('[tabindex="0"]') || table;
}

function goToTable(tabLabel) {
  const { tab } = visiblePanel(tabLabel);
  if (tab && tab.getAttribute("aria-selected") !== "true") tab.click();
  const deadline = performance.now() + WAIT_MS;
  (function look() {
    const target = tableTarget(tabLabel);
    if (target) {
      target.scrollIntoView({ block: "start" });
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    } else if (performance.now() < deadline) {
      requestAnimationFrame(look);
    }
  })();
}

// The tabs arrive with the part below the map, a moment after the map: name them then.
function markTarget(deadline = performance.now() + WAIT_MS) {
  const tabs = document.querySelector('[data-testid="stTabs"]');
  if (tabs) {
    tabs.id = TARGET_ID;
  } else if (performance.now() < deadline) {
    requestAnimationFrame(() => markTarget(deadline));
  }
}

export default function skipLink(component) {
  const { data } = component;
  if (!document.getElementById(STYLE_ID)) {
    const style = document.createElement("style");
    style.id = STYLE_ID;
    style.textContent = CSS;
    document.head.appendChild(style);
  }
  let link = document.getElementById(LINK_ID);
  if (!link) {
    link = document.createElement("a");
    link.id = LINK_ID;
    link.href = `#${TARGET_ID}`;
    document.body.prepend(link);
  }
  link.textContent = data.label;
  link.onclick = (event) => {
    event.preventDefault();
    goToTable(data.tab);
  };
  markTarget();
}
