/* The published map (itinerary/views/publish.py): the dashboard's core, with no server.
 *
 * This runs in one inline module after topic-filter.mjs (a page opened from disk cannot
 * import module files), and calls that file's default export, `topicFilter`, with the data
 * the dashboard would give it; without a frame the filter drives this page's own map. The
 * rest lives in this function's scope, clear of the filter's names.
 *
 * The panel shows the chosen stop's details and sources; Prev and Next step through the
 * stops shown, as the dashboard's playback does (itinerary/dashboard/playback.py), and the
 * map draws the route travelled so far. The map is told what to show with
 * ItineraryMap.show(map, state), the call the dashboard makes on every rerun.
 *
 * Data text comes from the JSON block #itin-page-data and reaches the DOM through
 * textContent; links only ever go to http(s) addresses.
 */
(() => {
  const data = JSON.parse(document.getElementById("itin-page-data").textContent);
  const api = window.ItineraryMap;
  const map = window[data.map];
  const stops = new Map(data.stops.map((stop) => [stop.id, stop]));
  const everyId = data.stops.map((stop) => stop.id);
  const select = document.getElementById("itin-stop-select");
  const details = document.getElementById("itin-stop-details");
  const prev = document.querySelector(".itin-pub-prev");
  const next = document.querySelector(".itin-pub-next");
  const stepLine = document.querySelector(".itin-pub-step");
  // The chosen stop, and the playback step (an index into the stops shown) or null.
  const view = { selected: null, step: null };

  function node(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = String(text);
    return made;
  }

  function shownIds() {
    return (api.visibleIds && api.visibleIds()) || everyId;
  }

  function showOnMap(focus) {
    const stop = view.selected ? stops.get(view.selected) : null;
    // The page's topics stay: this state's order is the first one, older than any change.
    api.show(map, Object.assign({}, data.state, {
      selected: view.selected,
      focus: Boolean(focus && stop),
      progress: stop && view.step !== null ? stop.progress : null,
    }));
  }

  function fillDetails() {
    details.replaceChildren();
    const stop = view.selected ? stops.get(view.selected) : null;
    if (!stop) {
      details.appendChild(node("p", "itin-pub-muted", data.pickHint));
      return;
    }
    details.appendChild(node("h2", "itin-pub-stop-title", stop.title));
    const facts = node("dl", "itin-pub-facts");
    stop.facts.forEach(([label, value]) => {
      facts.append(node("dt", null, label), node("dd", null, value));
    });
    details.appendChild(facts);
    details.appendChild(node("p", "itin-pub-summary", stop.summary));
    details.appendChild(node("h3", null, "Sources"));
    const list = node("ul", "itin-pub-sources");
    stop.sources.forEach((source) => {
      const item = node("li");
      item.appendChild(document.createTextNode(`${source.outlet}: `));
      const href = /^https?:\/\//i.test(source.url) ? source.url : null;
      const link = node(href ? "a" : "span", null, source.title);
      if (href) {
        link.href = href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
      }
      item.appendChild(link);
      list.appendChild(item);
    });
    details.appendChild(list);
  }

  function fillChoices(ids) {
    const options = [node("option", null, ids.length ? "Choose a stop" : "No stop is shown")];
    options[0].value = "";
    ids.forEach((id) => {
      const option = node("option", null, stops.get(id).label);
      option.value = id;
      options.push(option);
    });
    select.replaceChildren(...options);
    select.value = view.selected || "";
  }

  function fillSteps(ids) {
    prev.disabled = !ids.length || view.step === 0;
    next.disabled = !ids.length || (view.step !== null && view.step >= ids.length - 1);
    stepLine.textContent = view.step === null
      ? `Step through the ${ids.length} stops shown`
      : `Playback: step ${view.step + 1} of ${ids.length}, stop ${stops.get(ids[view.step]).seq}`;
  }

  function refresh(focus) {
    const ids = shownIds();
    if (view.selected && !ids.includes(view.selected)) view.selected = null;
    // After a topic change the step follows its stop, or ends with it.
    view.step = view.step === null || !view.selected ? null : ids.indexOf(view.selected);
    fillChoices(ids);
    fillSteps(ids);
    fillDetails();
    showOnMap(focus);
  }

  function choose(id, step, focus) {
    view.selected = id;
    view.step = step;
    refresh(focus);
  }

  // Previous (-1) or next (+1) within the stops shown; the first press starts at the first.
  function move(delta) {
    const ids = shownIds();
    if (!ids.length) return;
    const step = view.step === null ? 0 : Math.max(0, Math.min(ids.length - 1, view.step + delta));
    choose(ids[step], step, true);
  }

  prev.addEventListener("click", () => move(-1));
  next.addEventListener("click", () => move(1));
  select.addEventListener("change", () => choose(select.value || null, null, Boolean(select.value)));
  map.on("itinerarystop", (event) => choose(event.id, null, false));

  topicFilter({
    data: data.filter,
    setStateValue: () => refresh(false),
    setTriggerValue: () => {},
    parentElement: document.getElementById("itin-topics"),
  });

  // The embed code names the address the page is served from (a file's name from disk).
  const served = /^https?:$/.test(location.protocol);
  const src = served ? location.href.split("#")[0] : decodeURIComponent(location.pathname.split("/").pop());
  const embed = document.getElementById("itin-embed");
  embed.value = data.embed.before + api.escapeHtml(src) + data.embed.after;
  embed.addEventListener("focus", () => embed.select());
  if (served) {
    document.getElementById("itin-embed-how").textContent =
      "To show this map in another page, paste this code where it should appear:";
  }
  refresh(false);
})();
