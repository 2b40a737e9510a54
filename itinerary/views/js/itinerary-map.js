/* Itinerary map behaviour, loaded once with the base map.
 *
 * ItineraryMap.init(map, config) runs once per map: it builds every stop marker
 * (kept aside, not drawn), the route, the basemaps and the map furniture.
 * ItineraryMap.load(map, url) fetches the config (JSON, parsed with JSON.parse)
 * and then runs init; a failed fetch leaves a message in the map.
 * ItineraryMap.show(map, state) runs on every rerun from the swappable layer:
 * it draws the visible stops, marks the selection and the travelled route. A
 * state that arrives before init is kept (the latest one) and shown after it.
 * ItineraryMap.applyTopics(topics, match, order) is called by the page's topic
 * filter the moment a reader changes it, before the app has heard of it: the map
 * answers at once and the rerun that follows confirms the same picture.
 *
 * Stops that would cover each other at the current zoom are gathered into one
 * cluster (Leaflet.markercluster); a cluster of stops at one place spreads its
 * markers out when opened, so every stop can be reached.
 *
 * All data text arrives as JSON strings and reaches the DOM through textContent,
 * or through escapeHtml where Leaflet insists on HTML strings (tooltips, icons).
 */
(function () {
  "use strict";
  if (window.ItineraryMap) { return; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function decodeMask(encoded, count) {
    var bytes = atob(encoded);
    var visible = new Array(count);
    for (var i = 0; i < count; i += 1) {
      visible[i] = (bytes.charCodeAt(i >> 3) >> (i & 7)) & 1;
    }
    return visible;
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  // --- Topics: the rule of itinerary/filtering.py (StopFilter.accepts), for the browser ---
  //
  // "any": a stop is shown when at least one of its topics is chosen, so unticking a topic
  // hides only the stops that have no other chosen topic. "all": a stop is shown when it
  // has every chosen topic (and nothing is shown when none is chosen).
  // Topics as bits (bit k: topicKeys[k]), one mask per stop made once: a filter change at
  // 10,000 stops is then a pass of integer tests.
  function topicAccepts(stopMask, chosenMask, match) {
    if (match === "all") { return chosenMask !== 0 && (stopMask & chosenMask) === chosenMask; }
    return (stopMask & chosenMask) !== 0;
  }

  // A marker wears its stop's first chosen topic (the data lists the main topic first).
  function markerTopic(ctx, index, chosenMask) {
    var t = ctx.config.stops[index].t;
    for (var i = 0; i < t.length; i += 1) {
      if (chosenMask & (1 << t[i])) { return ctx.config.topicKeys[t[i]]; }
    }
    return ctx.config.topicKeys[t[0]];
  }

  function topicMasks(config) {
    var masks = new Int32Array(config.stops.length);
    config.stops.forEach(function (stop, index) {
      stop.t.forEach(function (t) { masks[index] |= 1 << t; });
    });
    return masks;
  }

  function chosenMask(ctx) {
    var mask = 0;
    ctx.config.topicKeys.forEach(function (key, index) {
      if (ctx.chosen.has(key)) { mask |= 1 << index; }
    });
    return mask;
  }

  // [epoch, rev]: the reset generation of the filter, then the change within it. The
  // newer of the page's own change and the app's rerun wins, whichever arrives first.
  function newer(a, b) {
    if (!b) { return true; }
    if (!a) { return false; }
    return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);
  }

  // --- Markers and clusters ---------------------------------------------------------

  function shapeNode(style, label, size) {
    var shape = el("div", "shape", label);
    shape.style.background = style.colour;
    shape.style.width = size + "px";
    shape.style.height = size + "px";
    if (style.shape === "circle") {
      shape.style.borderRadius = "50%";
    } else {
      shape.style.clipPath = style.shape;
    }
    return shape;
  }

  var MARKER_PX = 26;
  var SELECTED_PX = 32;

  // A div icon that names itself (aria-label): Leaflet makes a keyboard marker's icon a
  // button, whose name would otherwise be its visible number alone. Leaflet reuses the
  // same element when a marker's icon changes, so focus survives a restyle.
  var LabelledIcon = null;
  function labelledIcon(options) {
    if (!LabelledIcon) {
      LabelledIcon = L.DivIcon.extend({
        createIcon: function (oldIcon) {
          var div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
          if (this.options.label) { div.setAttribute("aria-label", this.options.label); }
          return div;
        }
      });
    }
    return new LabelledIcon(options);
  }

  function iconFor(ctx, stop, topic, selected) {
    var size = selected ? SELECTED_PX : MARKER_PX;
    var wrapper = el("div");
    var shape = shapeNode(ctx.config.styles[topic], stop.seq, size);
    shape.setAttribute("data-stop", stop.id);  // setAttribute escapes it in innerHTML
    wrapper.appendChild(shape);
    return labelledIcon({
      className: "itin-marker topic-" + topic + (selected ? " selected" : "") +
        (stop.confidence === "unconfirmed" ? " unconfirmed" : ""),
      html: wrapper.innerHTML, iconSize: [size, size], iconAnchor: [size / 2, size / 2],
      // Number, name and date; the selection and an unconfirmed stop are said, not only drawn.
      label: stop.tip + (stop.confidence === "unconfirmed" ? " (unconfirmed)" : "") +
        (selected ? " (selected)" : "")
    });
  }

  function circleStyle(ctx, topic, selected) {
    return {radius: selected ? 9 : 5, color: selected ? "#ffd400" : "#ffffff",
            weight: selected ? 3 : 1, fillColor: ctx.config.styles[topic].colour,
            fillOpacity: 0.9};
  }

  // A cluster names what it holds: its count on the icon, its stops in the tooltip, and a
  // ring in the colours of their topics.
  function clusterIcon(ctx, cluster) {
    var children = cluster.getAllChildMarkers().slice().sort(function (a, b) {
      return a.itineraryIndex - b.itineraryIndex;
    });
    var stops = ctx.config.stops;
    var numbers = children.map(function (marker) { return stops[marker.itineraryIndex].seq; });
    var colours = children.map(function (marker) {
      return ctx.config.styles[marker.itineraryTopic].colour;
    });
    var stepDeg = 360 / colours.length;
    var ring = colours.map(function (colour, k) {
      return colour + " " + (k * stepDeg) + "deg " + ((k + 1) * stepDeg) + "deg";
    }).join(", ");
    var selected = children.some(function (marker) { return marker.itinerarySelected; });
    var size = 36;
    var holder = el("div");
    var badge = el("div", "itin-cluster-badge");
    badge.setAttribute("data-stops", children.map(function (marker) {
      return stops[marker.itineraryIndex].id;
    }).join(" "));
    badge.appendChild(el("b", null, String(children.length)));
    // The visible text reads "11 stops" (the start of the cluster's name), not "11stops".
    badge.appendChild(document.createTextNode(" "));
    badge.appendChild(el("small", null, "stops"));
    badge.style.background = "conic-gradient(" + ring + ")";
    holder.appendChild(badge);
    var shown = numbers.length > 8 ? numbers.slice(0, 8).join(", ") + ", …" : numbers.join(", ");
    cluster.itineraryLabel = children.length + " stops here (" + shown + "): open to see each";
    return labelledIcon({
      className: "itin-cluster" + (selected ? " selected" : ""),
      html: holder.innerHTML, iconSize: [size, size], iconAnchor: [size / 2, size / 2],
      label: clusterLabel(ctx, children, selected)
    });
  }

  // What a screen reader hears on a cluster: how many stops, which ones, how to open it.
  var CLUSTER_NAMES = 5;
  function clusterLabel(ctx, children, selected) {
    var stops = ctx.config.stops;
    var names = children.slice(0, CLUSTER_NAMES).map(function (marker) {
      var stop = stops[marker.itineraryIndex];
      return stop.name ? stop.seq + ". " + stop.name : stop.tip;
    });
    var more = children.length - names.length;
    return children.length + " stops: " + names.join("; ") +
      (more > 0 ? "; and " + more + " more" : "") +
      (selected ? " (holds the selected stop)" : "") + ". Press Enter to open.";
  }

  function safeHref(url) {
    return /^https?:\/\//i.test(String(url)) ? String(url) : null;
  }

  // In the app the popup is brief: the details panel beside the map holds the rest. A
  // standalone page has no panel, so its popups carry the details and the sources.
  function popupFor(ctx, stop, details) {
    var root = el("div", "itin-popup");
    root.appendChild(el("h4", null, stop.name ? stop.seq + ". " + stop.name : stop.tip));
    if (stop.when) { root.appendChild(el("p", null, stop.when)); }
    if (details) {
      root.appendChild(el("p", "muted", details.site + " · " + details.region + ", " +
                                        details.country));
      root.appendChild(el("p", null, "Topics: " + details.topics));
      if (details.people) { root.appendChild(el("p", null, "People: " + details.people)); }
      root.appendChild(el("p", null, details.summary));
      if (details.leg) { root.appendChild(el("p", "muted", details.leg)); }
      root.appendChild(el("p", "muted", details.confidence));
      var list = el("ul");
      details.sources.forEach(function (source) {
        var item = el("li");
        var href = safeHref(source.url);
        var link = el(href ? "a" : "span", null, source.outlet + ": " + source.title);
        if (href) { link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer"; }
        item.appendChild(link);
        list.appendChild(item);
      });
      root.appendChild(list);
      return root;
    }
    var narrow = false;
    try { narrow = window.parent.innerWidth < 640; } catch (e) { narrow = window.innerWidth < 640; }
    if (ctx.config.detailsHint) {
      root.appendChild(el("p", "muted", narrow ? ctx.config.detailsHint.narrow
                                               : ctx.config.detailsHint.wide));
    }
    return root;
  }

  function makeMarker(ctx, index, topic) {
    var stop = ctx.config.stops[index];
    var marker;
    if (ctx.config.canvasMarkers) {
      var style = circleStyle(ctx, topic, false);
      style.renderer = ctx.canvas;
      marker = L.circleMarker([stop.lat, stop.lon], style);
    } else {
      marker = L.marker([stop.lat, stop.lon], {
        icon: iconFor(ctx, stop, topic, false),
        title: stop.tip, alt: stop.tip, keyboard: true, riseOnHover: true
      });
    }
    // A page that shows the details itself (the published map) listens for this.
    marker.on("click", function () { ctx.map.fire("itinerarystop", {id: stop.id}); });
    marker.itinerarySelected = false;
    marker.itineraryTopic = topic;
    marker.itineraryIndex = index;
    marker.itineraryStopId = stop.id;
    // The tooltip text is how a click is traced back to its stop (itinerary/views/text.py).
    marker.bindTooltip(escapeHtml(stop.tip), {direction: "top", offset: [0, -14]});
    // Brief on purpose: the details panel beside the map holds the rest. The padding keeps
    // the popup clear of the zoom and layer buttons when the map pans to show it.
    var details = ctx.config.details ? ctx.config.details[index] : null;
    // Narrow maps (a phone) get a narrower popup, so it fits beside the zoom buttons.
    var room = Math.max(140, ctx.map.getSize().x - 150);
    marker.on("popupopen", function (event) {
      // Names the stop the open popup belongs to (the browser tests wait for it).
      var node = event.popup.getElement();
      if (node) { node.dataset.stop = stop.id; }
    });
    marker.bindPopup(function () { return popupFor(ctx, stop, details); }, {
      maxWidth: Math.min(details ? 320 : 240, room), maxHeight: details ? 320 : null,
      minWidth: Math.min(140, room),
      autoPanPaddingTopLeft: [56, 56],
      autoPanPaddingBottomRight: [56, 24], className: "itin-popup-wrap"
    });
    enterSelects(marker);  // after bindPopup, whose Enter handler it replaces
    return marker;
  }

  // Enter on a focused marker does what a click does: opens its popup and tells the app
  // (streamlit-folium listens for clicks), so the details beside the map follow. Leaflet's
  // own Enter handler only opens the popup; a click on top of it would close it again.
  function enterSelects(marker) {
    marker.off("keypress");
    marker.on("keypress", function (event) {
      if (!isEnter(event.originalEvent)) { return; }
      marker.fire("click", {latlng: marker.getLatLng(), originalEvent: event.originalEvent},
                  true);
    });
  }

  // Restyle in place: rebuilding the marker would close its open popup.
  function restyle(ctx, marker, topic, selected) {
    if (marker.itinerarySelected === selected && marker.itineraryTopic === topic) { return false; }
    marker.itinerarySelected = selected;
    marker.itineraryTopic = topic;
    var stop = ctx.config.stops[marker.itineraryIndex];
    if (ctx.config.canvasMarkers) {
      marker.setStyle(circleStyle(ctx, topic, selected));
      marker.setRadius(selected ? 9 : 5);
    } else {
      marker.setIcon(iconFor(ctx, stop, topic, selected));
      marker.setZIndexOffset(selected ? 1000 : 0);
    }
    return true;
  }

  function makeStopLayer(map, big) {
    if (!L.markerClusterGroup) { return L.featureGroup(); }  // plugin missing: still usable
    // Clustering needs the zoom at which it stops, for good: a map without tiles has none,
    // and one whose tiles give way to the offline basemap loses it (the group, shown again
    // from the layers control, would then throw instead of drawing its stops).
    if (map.options.maxZoom === undefined) {
      map.setMaxZoom(map.getMaxZoom() === Infinity ? 18 : map.getMaxZoom());
    }
    var group = L.markerClusterGroup({
      // Markers are 26 px wide and cluster discs 36 px; a cluster's disc sits at the mean
      // of its stops, so the radius leaves room for it to drift off its first stop.
      maxClusterRadius: 56,
      spiderfyOnMaxZoom: true,
      spiderfyDistanceMultiplier: 1.8,
      showCoverageOnHover: false,
      // Opening a group by zooming is ours (openByZoom): the plugin's fits the group's stops
      // to the whole map, under its corner controls. Spreading one out stays the plugin's.
      zoomToBoundsOnClick: false,
      animate: !reducedMotion(),
      chunkedLoading: big,
      iconCreateFunction: function (cluster) {
        var ctx = group.itineraryContext;
        return ctx ? clusterIcon(ctx, cluster) : new L.DivIcon({className: "itin-cluster"});
      }
    });
    // Clusters say what they hold to a pointer (tooltip) and a screen reader (label).
    group.on("clustermouseover", function (event) {
      var cluster = event.layer;
      if (group._spiderfied === cluster) { return; }  // spread out: its stops say it now
      if (!cluster.getTooltip()) {
        cluster.bindTooltip(escapeHtml(cluster.itineraryLabel || ""), {direction: "top",
                                                                        offset: [0, -16]});
      }
      cluster.openTooltip();
    });
    group.on("clustermouseout", function (event) { event.layer.closeTooltip(); });
    group.on("clusterclick clusterkeypress", function (event) {
      var ctx = group.itineraryContext;
      var keyed = event.type === "clusterkeypress";
      if (keyed && !isEnter(event.originalEvent)) { return; }
      var cluster = event.layer, held = cluster.getAllChildMarkers();
      if (ctx) {
        // Enter opened it: focus goes on to the first stop it held, not back to the map.
        // Kept until the cluster has opened however slow the machine, or until the reader
        // presses another key or clicks (describeMap drops it then).
        ctx.focusAfterOpen = keyed ? {held: held, from: cluster} : null;
      }
      if (spreadsOut(group, cluster)) { return; }  // the plugin spreads it out
      if (ctx) {
        ctx.map.once("zoomend", function () {
          keepClear(ctx, held.map(function (m) { return ctx.map.latLngToContainerPoint(m.getLatLng()); }));
        });
      }
      openByZoom(group._map, cluster);
    });
    group.on("spiderfied", function (event) {
      var ctx = group.itineraryContext;
      // Its own tooltip would sit over the stops it has just spread out.
      // (Unbound: a bound tooltip reopens on its own when the pointer passes.)
      if (event.cluster && event.cluster.unbindTooltip) { event.cluster.unbindTooltip(); }
      if (!ctx) { return; }
      keepClear(ctx, event.markers.map(function (m) {
        return ctx.map.latLngToContainerPoint(m.getLatLng());
      }));
    });
    // Once the cluster has opened (a spread, or the clusters of the new zoom drawn: a
    // spread closing first ends an animation too), after the plugin's own handler, which
    // puts the focus on the map itself.
    group.on("animationend spiderfied", function () {
      var ctx = group.itineraryContext;
      var pending = ctx && ctx.focusAfterOpen;
      if (!pending) { return; }
      setTimeout(function () {
        if (ctx.focusAfterOpen === pending && focusFirstOf(group, pending.held, pending.from)) {
          ctx.focusAfterOpen = null;
        }
      }, 0);
    });
    return group;
  }

  function isEnter(event) {
    return !!event && (event.key === "Enter" || event.keyCode === 13);
  }

  // Focus the first stop (journey order) of `markers`: its own marker, or the cluster
  // that now holds it, once that is no longer the cluster `opened`. True when done.
  function focusFirstOf(group, markers, opened) {
    var first = markers.slice().sort(function (a, b) {
      return a.itineraryIndex - b.itineraryIndex;
    })[0];
    var shown = first && group.getVisibleParent(first);
    var icon = shown && shown !== opened && shown.getElement && shown.getElement();
    if (!icon || !icon.isConnected) { return false; }
    icon.focus({preventScroll: true});
    return true;
  }

  // --- The route --------------------------------------------------------------------

  function routeStyle(mode) {
    var rail = mode === "rail";
    return {color: rail ? "#b3001b" : "#555555", weight: rail ? 4 : 3, opacity: 0.85,
            dashArray: rail ? null : "6 8"};
  }

  function addArrows(ctx, arrows) {
    arrows.forEach(function (arrow) {
      var head = el("div", "itin-arrow");
      head.style.transform = "rotate(" + arrow[2] + "deg)";
      var holder = el("div");
      holder.appendChild(head);
      ctx.routeLayer.addLayer(L.marker([arrow[0], arrow[1]], {
        icon: L.divIcon({className: "itin-arrow-icon", html: holder.innerHTML,
                         iconSize: [14, 14], iconAnchor: [7, 7]}),
        interactive: false, keyboard: false, pane: "itinArrows"
      }));
    });
  }

  function drawRoute(ctx) {
    var map = ctx.map;
    if (ctx.config.runs) {
      // Big journeys: one canvas line per run of same-mode legs, and one line on top
      // for the travelled part (playback), built from the runs' leg-boundary prefixes.
      ctx.routeCanvas = L.canvas({pane: "itinRoute", padding: 0.5});
      ctx.legLines = [];
      ctx.runLines = ctx.config.runs.map(function (run) {
        var line = L.polyline(run.points, L.extend(routeStyle(run.mode), {
          renderer: ctx.routeCanvas, interactive: false, pane: "itinRoute"
        }));
        ctx.routeLayer.addLayer(line);
        addArrows(ctx, run.arrows);
        return line;
      });
      ctx.travelledLine = L.polyline([], {
        renderer: ctx.routeCanvas, interactive: false, pane: "itinRoute",
        color: "#e4002b", weight: 6, opacity: 0.85
      });
      ctx.routeLayer.addLayer(ctx.travelledLine);
      ctx.routeLayer.addTo(map);
      return;
    }
    ctx.legLines = ctx.config.legs.map(function (leg) {
      var line = L.polyline(leg.points, L.extend(routeStyle(leg.mode), {
        className: "itin-route itin-route-" + leg.mode, pane: "itinRoute"
      }));
      if (leg.tip) { line.bindTooltip(escapeHtml(leg.tip), {sticky: true}); }
      line.itineraryMode = leg.mode;
      // Leaflet makes a new <path> each time a line is added (the layer control can
      // hide and show the route): put the playback classes back on it.
      line.on("add", function () { markPath(line); });
      ctx.routeLayer.addLayer(line);
      addArrows(ctx, leg.arrows);
      return line;
    });
    ctx.routeLayer.addTo(map);
  }

  function markPath(line) {
    var path = line.getElement && line.getElement();
    if (path) {
      // The tooltip's focus listener makes Chromium put each leg in the Tab order, as a
      // stop without a name: legs are read in the Legs table and each stop's details.
      path.setAttribute("tabindex", "-1");
      path.classList.toggle("itin-travelled", !!line.itineraryTravelled);
      path.classList.toggle("itin-ahead", !!line.itineraryAhead);
    }
  }

  // The travelled part of each run: legs before `progress`, ending on a leg boundary.
  function travelledPaths(runs, progress) {
    var paths = [];
    if (progress === null) { return paths; }
    runs.forEach(function (run) {
      var count = progress - run.firstLeg;  // legs of this run travelled
      if (count <= 0) { return; }
      paths.push(count >= run.legStarts.length ? run.points
        : run.points.slice(0, run.legStarts[count] + 1));
    });
    return paths;
  }

  function styleProgress(ctx, progress) {
    if (ctx.runLines) {
      ctx.runLines.forEach(function (line) {
        line.setStyle({opacity: progress === null ? 0.85 : 0.35});
      });
      ctx.travelledLine.setLatLngs(travelledPaths(ctx.config.runs, progress));
      return;
    }
    ctx.legLines.forEach(function (line, index) {
      var rail = line.itineraryMode === "rail";
      var travelled = progress !== null && index < progress;
      var ahead = progress !== null && index >= progress;
      line.setStyle({
        color: travelled ? "#e4002b" : (rail ? "#b3001b" : "#555555"),
        opacity: ahead ? 0.35 : 0.85,
        weight: travelled ? 6 : (rail ? 4 : 3)
      });
      line.itineraryTravelled = travelled;
      line.itineraryAhead = ahead;
      markPath(line);
    });
  }

  // --- Place labels (offline basemap) -----------------------------------------------
  //
  // A label shows only while one of its stops is shown, and only where it covers neither
  // a marker, a cluster nor an earlier label: it tries right, left, above and below its
  // point, earlier places in the journey first, and stays hidden if none is free.
  var LABEL_GAP = 4;

  function iconBoxes(ctx) {
    var origin = ctx.map.getContainer().getBoundingClientRect();
    var boxes = [];
    var icons = ctx.map.getPane("markerPane").querySelectorAll(".itin-marker, .itin-cluster");
    for (var i = 0; i < icons.length; i += 1) {
      var r = icons[i].getBoundingClientRect();
      boxes.push({left: r.left - origin.left - LABEL_GAP, right: r.right - origin.left + LABEL_GAP,
                  top: r.top - origin.top - LABEL_GAP, bottom: r.bottom - origin.top + LABEL_GAP});
    }
    return boxes;
  }

  function overlaps(box, boxes) {
    return boxes.some(function (other) {
      return box.left < other.right && box.right > other.left &&
        box.top < other.bottom && box.bottom > other.top;
    });
  }

  function placeLabels(ctx) {
    if (!ctx.cityLabels || !ctx.map.hasLayer(ctx.offline)) { return; }
    var taken = iconBoxes(ctx);
    var visible = ctx.visible || [];
    var size = ctx.map.getSize();
    ctx.cityLabels.forEach(function (label) {
      var node = label.marker.getElement();
      if (!node) { return; }
      var wanted = label.stops.some(function (index) { return visible[index]; });
      node.style.visibility = "hidden";
      if (!wanted) { return; }
      var p = ctx.map.latLngToContainerPoint(label.marker.getLatLng());
      var width = node.offsetWidth || 80;
      var height = node.offsetHeight || 14;
      var half = MARKER_PX / 2 + LABEL_GAP;
      var candidates = [
        [half, -height / 2], [-half - width, -height / 2],
        [-width / 2, -half - height], [-width / 2, half]
      ];
      for (var k = 0; k < candidates.length; k += 1) {
        var box = {left: p.x + candidates[k][0], top: p.y + candidates[k][1]};
        box.right = box.left + width;
        box.bottom = box.top + height;
        var inside = box.left >= 0 && box.top >= 0 && box.right <= size.x && box.bottom <= size.y;
        if (inside && !overlaps(box, taken)) {
          node.style.marginLeft = candidates[k][0] + "px";
          node.style.marginTop = candidates[k][1] + "px";
          node.style.visibility = "visible";
          taken.push(box);
          return;
        }
      }
    });
  }

  function schedulePlaceLabels(ctx) {
    if (ctx.labelsQueued) { return; }
    ctx.labelsQueued = true;
    requestAnimationFrame(function () {
      ctx.labelsQueued = false;
      orderTabStops(ctx);
      placeLabels(ctx);
    });
  }

  // Tab goes through the stops in journey order: markers and clusters (by their first
  // stop) are kept in that order in the DOM, which is the order of the Tab key. (Their
  // stacking is set by z-index, so this moves nothing on screen.) The focused icon itself
  // is never moved: that would take the focus away.
  function orderTabStops(ctx) {
    var pane = ctx.map.getPane("markerPane");
    // Moving a node ends its transition: wait for the animation's end (it asks again).
    if (ctx.map.getContainer().querySelector(".leaflet-cluster-anim, .leaflet-zoom-anim") ||
        ctx.map.getContainer().classList.contains("leaflet-zoom-anim")) { return; }
    var first = function (node) {
      var own = node.querySelector("[data-stop]");
      var held = node.querySelector("[data-stops]");
      var ids = own ? [own.getAttribute("data-stop")]
        : (held ? held.getAttribute("data-stops").split(" ") : []);
      var ranks = ids.map(function (id) { return ctx.indexById[id]; })
        .filter(function (rank) { return rank !== undefined; });
      return ranks.length ? Math.min.apply(null, ranks) : null;
    };
    var nodes = [];
    Array.prototype.forEach.call(pane.children, function (node) {
      var rank = first(node);
      if (rank !== null) { nodes.push([rank, node]); }
    });
    var sorted = nodes.sort(function (a, b) { return a[0] - b[0]; })
      .map(function (pair) { return pair[1]; });
    var inOrder = sorted.every(function (node, k) {
      return k === 0 ||
        !!(sorted[k - 1].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    if (inOrder) { return; }
    var focused = sorted.indexOf(document.activeElement);
    sorted.forEach(function (node, k) {
      if (k === focused) { return; }
      if (k < focused) { pane.insertBefore(node, sorted[focused]); } else { pane.appendChild(node); }
    });
  }

  // --- The offline basemap: Natural Earth drawn into canvas tiles -------------------
  //
  // Leaflet's vector layers re-clip and redraw every vertex of every country on each
  // pan; tiles are drawn once each, when they come into view, and kept. The rings are
  // projected once to Web-Mercator unit coordinates (0..1 across the world), each with
  // its bounding box, so a tile draws only the rings it touches. Each tile is drawn in
  // its own task, so a pan that reveals many tiles never blocks the page for long.
  var MAX_LAT = 85.0511287798;

  function collectLines(geometry, out) {
    if (!geometry) { return out; }
    switch (geometry.type) {
      case "FeatureCollection":
        geometry.features.forEach(function (f) { collectLines(f.geometry, out); });
        break;
      case "Feature": collectLines(geometry.geometry, out); break;
      case "GeometryCollection":
        geometry.geometries.forEach(function (g) { collectLines(g, out); });
        break;
      case "Polygon": case "MultiLineString":
        geometry.coordinates.forEach(function (ring) { out.push(ring); });
        break;
      case "MultiPolygon":
        geometry.coordinates.forEach(function (polygon) {
          polygon.forEach(function (ring) { out.push(ring); });
        });
        break;
      case "LineString": out.push(geometry.coordinates); break;
      default: break;
    }
    return out;
  }

  function projectShapes(geometry) {
    return collectLines(geometry, []).map(function (coords) {
      var xy = new Float64Array(coords.length * 2);
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (var i = 0; i < coords.length; i += 1) {
        var lat = Math.max(-MAX_LAT, Math.min(MAX_LAT, coords[i][1])) * Math.PI / 180;
        var x = (coords[i][0] + 180) / 360;
        var y = 0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI);
        xy[2 * i] = x;
        xy[2 * i + 1] = y;
        if (x < minX) { minX = x; }
        if (x > maxX) { maxX = x; }
        if (y < minY) { minY = y; }
        if (y > maxY) { maxY = y; }
      }
      return {xy: xy, minX: minX, minY: minY, maxX: maxX, maxY: maxY};
    });
  }

  // Vertices closer than this many pixels (|dx| + |dy|) to the last one drawn are skipped.
  var MIN_STEP_PX = 0.7;
  var DECIMATED_ZOOMS = 7;

  // At low zooms most vertices fall within a pixel of each other: each such zoom gets a
  // thinned copy, made once (a pass over every vertex) when its first tile is drawn.
  function decimate(shapes, step) {
    var kept = [];
    shapes.forEach(function (shape) {
      if (shape.maxX - shape.minX < step && shape.maxY - shape.minY < step) { return; }
      var xy = shape.xy;
      var out = new Float64Array(xy.length);
      var n = 2;
      out[0] = xy[0];
      out[1] = xy[1];
      var last = xy.length - 2;
      for (var i = 2; i <= last; i += 2) {
        if (i < last && Math.abs(xy[i] - out[n - 2]) + Math.abs(xy[i + 1] - out[n - 1]) < step) {
          continue;
        }
        out[n] = xy[i];
        out[n + 1] = xy[i + 1];
        n += 2;
      }
      kept.push({xy: out.subarray(0, n), minX: shape.minX, minY: shape.minY,
                 maxX: shape.maxX, maxY: shape.maxY});
    });
    return kept;
  }

  function shapesAt(data, key, zoom) {
    if (zoom > DECIMATED_ZOOMS) { return data[key]; }
    var cache = data.byZoom || (data.byZoom = {});
    var id = key + zoom;
    if (!cache[id]) { cache[id] = decimate(data[key], MIN_STEP_PX / (256 * Math.pow(2, zoom))); }
    return cache[id];
  }

  // Trace every shape that touches the tile (with a margin for line widths) into one
  // path, in tile pixels.
  function traceShapes(g, shapes, scale, left, top, margin, closed) {
    var x0 = left / scale - margin, y0 = top / scale - margin;
    var x1 = (left + 256) / scale + margin, y1 = (top + 256) / scale + margin;
    var traced = 0;
    for (var s = 0; s < shapes.length; s += 1) {
      var shape = shapes[s];
      if (shape.maxX < x0 || shape.minX > x1 || shape.maxY < y0 || shape.minY > y1) { continue; }
      var xy = shape.xy;
      var last = xy.length - 2;
      var px = xy[0] * scale - left, py = xy[1] * scale - top;
      g.moveTo(px, py);
      for (var i = 2; i <= last; i += 2) {
        var x = xy[i] * scale - left, y = xy[i + 1] * scale - top;
        if (i < last && Math.abs(x - px) + Math.abs(y - py) < MIN_STEP_PX) { continue; }
        g.lineTo(x, y);
        px = x;
        py = y;
      }
      if (closed) { g.closePath(); }
      traced += 1;
    }
    return traced;
  }

  function drawBasemapTile(canvas, coords, data, options) {
    var ratio = canvas.width / 256;
    var g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    var scale = 256 * Math.pow(2, coords.z);
    var left = coords.x * 256, top = coords.y * 256;
    var margin = 3 / scale;
    g.lineJoin = "round";
    g.lineCap = "round";
    g.beginPath();
    if (traceShapes(g, shapesAt(data, "land", coords.z), scale, left, top, margin, true)) {
      g.fillStyle = "#f4f1e8";
      g.fill("evenodd");
      g.strokeStyle = "#8b98a5";
      g.lineWidth = options.coastWidth;
      g.stroke();
    }
    if (options.borders) {
      g.beginPath();
      if (traceShapes(g, shapesAt(data, "borders", coords.z), scale, left, top, margin, false)) {
        g.setLineDash([4, 3]);
        g.strokeStyle = "#7d6b8f";
        g.lineWidth = 1.2;
        g.stroke();
        g.setLineDash([]);
      }
    }
  }

  var BasemapTiles = L.GridLayer.extend({
    options: {data: null, borders: true, coastWidth: 0.8, updateWhenZooming: false},
    createTile: function (coords, done) {
      var tile = document.createElement("canvas");
      var ratio = Math.min(window.devicePixelRatio || 1, 2);
      tile.width = tile.height = Math.round(256 * ratio);
      var options = this.options;
      setTimeout(function () {
        if (tile.isConnected) { drawBasemapTile(tile, coords, options.data, options); }
        done(null, tile);
      }, 0);
      return tile;
    }
  });

  // --- Plugins that can wait until the stops are drawn ------------------------------
  //
  // The map needs Leaflet and the cluster plugin to draw stops; full screen, the mini-map
  // and the TopoJSON reader come afterwards, so they never delay the first view. (The
  // standalone export has them inline already: nothing is loaded then.)
  function whenPlugins(ctx, callback) {
    var lazy = ctx.config.lazy;
    if (!lazy || ctx.pluginsLoaded) { callback(); return; }
    (ctx.pluginWaiters = ctx.pluginWaiters || []).push(callback);
    if (ctx.pluginsLoading) { return; }
    ctx.pluginsLoading = true;
    (lazy.css || []).forEach(function (href) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    });
    var scripts = (lazy.js || []).slice();
    function next() {
      if (!scripts.length) {
        ctx.pluginsLoaded = true;
        ctx.pluginWaiters.splice(0).forEach(function (fn) { fn(); });
        return;
      }
      var script = document.createElement("script");
      script.src = scripts.shift();
      script.onload = next;
      script.onerror = next;  // a missing plugin leaves its control out, nothing else
      document.head.appendChild(script);
    }
    next();
  }

  function addBasemaps(ctx) {
    var map = ctx.map;
    var config = ctx.config.basemap;
    var tiles = [];
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) { tiles.push(layer); } });
    var offline = ctx.offline = L.layerGroup([], {attribution: config.attribution});
    // A layer group carries no attribution of its own; Leaflet reads getAttribution().
    offline.getAttribution = function () { return config.attribution; };
    var status = L.control({position: "bottomleft"});
    status.onAdd = function () {
      var box = L.DomUtil.create("div", "itin-basemap-status");
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      return box;
    };
    status.addTo(map);
    function say(text) {
      var box = map.getContainer().querySelector(".itin-basemap-status");
      if (box) { box.textContent = text; }
      map.getContainer().setAttribute("data-basemap", ctx.basemapName);
    }
    ctx.basemapName = tiles.length ? "tiles" : "natural-earth";
    var baseLayers = {};
    if (tiles.length) { baseLayers[config.tilesLabel] = tiles[0]; }
    baseLayers["Natural Earth (offline)"] = offline;
    ctx.layerControl = L.control.layers(baseLayers, {
      "Route": ctx.routeLayer, "Stops": ctx.stopLayer
    }, {collapsed: true, position: "topright"}).addTo(map);

    function loadNaturalEarth(done) {
      if (ctx.naturalEarth) { done(ctx.naturalEarth); return; }
      whenPlugins(ctx, function () {
        if (ctx.naturalEarth) { done(ctx.naturalEarth); return; }
        if (!config.countries || !window.topojson) { done(null); return; }
        var source = config.countries;
        var loading = source.charAt(0) === "#"
          ? Promise.resolve(JSON.parse(document.getElementById(source.slice(1)).textContent))
          : fetch(source).then(function (response) {
            if (!response.ok) { throw new Error("HTTP " + response.status); }
            return response.json();
          });
        loading.then(function (topology) {
          ctx.naturalEarth = ctx.naturalEarth || {
            land: projectShapes(topojson.feature(topology, topology.objects.land)),
            borders: projectShapes(topojson.mesh(
              topology, topology.objects.countries, function (a, b) { return a !== b; }))
          };
          done(ctx.naturalEarth);
        }).catch(function () { done(null); });
      });
    }
    ctx.loadNaturalEarth = loadNaturalEarth;

    function fillOffline() {
      loadNaturalEarth(function (data) {
        if (!data || ctx.offlineFilled) { return; }
        ctx.offlineFilled = true;
        var land = new BasemapTiles({data: data, pane: "itinBasemap"});
        land.once("load", function () {  // the first tiles in view are painted
          map.getContainer().classList.add("itin-natural-earth-drawn");
        });
        offline.addLayer(land);
        ctx.cityLabels = ctx.config.labels.map(function (label) {
          var marker = L.marker([label[1], label[2]], {
            icon: L.divIcon({className: "itin-city-label", html: escapeHtml(label[0]),
                             iconSize: null, iconAnchor: [0, 0]}),
            interactive: false, keyboard: false, pane: "itinLabels"
          });
          offline.addLayer(marker);
          return {marker: marker, stops: label[3] || []};
        });
        schedulePlaceLabels(ctx);
        addMiniLand(ctx, data);
      });
    }

    function useOffline(reason) {
      tiles.forEach(function (layer) { map.removeLayer(layer); });
      if (!map.hasLayer(offline)) { offline.addTo(map); }
      ctx.basemapName = "natural-earth";
      map.getContainer().classList.add("itin-no-tiles");
      say(reason);
      schedulePlaceLabels(ctx);
    }

    map.on("baselayerchange", function (event) {
      if (event.layer === offline) {
        fillOffline();
        ctx.basemapName = "natural-earth";
        map.getContainer().classList.add("itin-no-tiles");
        say("Basemap: Natural Earth 1:50m (offline)");
        schedulePlaceLabels(ctx);
      } else {
        ctx.basemapName = "tiles";
        map.getContainer().classList.remove("itin-no-tiles");
        say("Basemap: " + config.tilesLabel);
      }
    });

    if (!tiles.length) {
      fillOffline();
      useOffline("Basemap: Natural Earth 1:50m (offline)");
      return;
    }
    say("Basemap: " + config.tilesLabel);
    // Tiles may have failed while the journey was still being fetched: watchTiles has
    // counted them since the map was made.
    var counts = watchTiles(map);
    var switched = false;
    function switchTo(reason) {
      if (switched || counts.loaded > 0) { return; }
      switched = true;
      fillOffline();
      useOffline(reason);
    }
    function checkFailed() {
      if (counts.failed > 0) {
        switchTo("Tile server unreachable: basemap is Natural Earth 1:50m (offline)");
      }
    }
    tiles[0].on("tileerror", checkFailed);
    checkFailed();
    // A tile request that hangs (a firewall dropping packets, a captive portal) never
    // fails: if no tile has arrived after a bounded wait, stop waiting for them.
    var waited = Date.now() - counts.since;
    setTimeout(function () {
      switchTo("Tile server not answering: basemap is Natural Earth 1:50m (offline)");
    }, Math.max(0, (config.tileWaitMs || 6000) - waited));
  }

  // Counts tile loads and failures from the moment the map exists (idempotent).
  function watchTiles(map) {
    if (map._itinTileCounts) { return map._itinTileCounts; }
    var counts = map._itinTileCounts = {loaded: 0, failed: 0, since: Date.now()};
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer)) { return; }
      layer.on("tileload", function () { counts.loaded += 1; });
      layer.on("tileerror", function () { counts.failed += 1; });
    });
    return counts;
  }

  function addMiniLand(ctx, data) {
    if (!ctx.miniLayers || ctx.miniLand) { return; }
    ctx.miniLand = new BasemapTiles({data: data, borders: false, coastWidth: 0.5});
    ctx.miniLayers.addLayer(ctx.miniLand);
  }

  function addLegend(ctx) {
    var legend = L.control({position: "bottomleft"});
    legend.onAdd = function () {
      var box = L.DomUtil.create("details", "itin-legend");
      box.appendChild(el("summary", null, "Legend"));
      ctx.legendTopics = el("div", "topics");
      box.appendChild(ctx.legendTopics);
      [["rail", "Rail leg (reconstructed line)"], ["road", "Road leg (straight line)"],
       ["travelled", "Travelled so far (playback)"]].forEach(function (pair) {
        var row = el("div", "row");
        row.appendChild(el("span", "line line-" + pair[0]));
        row.appendChild(el("span", null, pair[1]));
        box.appendChild(row);
      });
      var cluster = el("div", "row");
      var badge = el("span", "itin-cluster-badge legend-badge", "3");
      cluster.appendChild(badge);
      cluster.appendChild(el("span", null, "Stops close together: click to open"));
      box.appendChild(cluster);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(ctx.map);
    fillLegend(ctx);
  }

  // The legend lists the topics markers can wear now: the chosen ones in use.
  function fillLegend(ctx) {
    if (!ctx.legendTopics) { return; }
    var box = ctx.legendTopics;
    while (box.firstChild) { box.removeChild(box.firstChild); }
    ctx.config.legend.forEach(function (key) {
      if (ctx.chosen && !ctx.chosen.has(key)) { return; }
      var style = ctx.config.styles[key];
      var row = el("div", "row");
      row.appendChild(shapeNode(style, "", 14));
      row.appendChild(el("span", null, style.label + " (" + style.shapeName + ")"));
      box.appendChild(row);
    });
  }

  function addLateFurniture(ctx) {
    var map = ctx.map;
    if (L.Control.FullScreen && !ctx.fullscreen) {
      ctx.fullscreen = new L.Control.FullScreen({
        position: "topleft", title: "Full screen", titleCancel: "Leave full screen"
      }).addTo(map);
    }
    if (L.Control.MiniMap && !ctx.miniMap) {
      // The mini-map is a map of its own: its own canvas for the route, its own land tiles.
      var miniCanvas = L.canvas({padding: 0.2});
      var miniRoute = L.layerGroup((ctx.config.runs || ctx.config.legs).map(function (line) {
        return L.polyline(line.points, {color: "#b3001b", weight: 2, interactive: false,
                                        renderer: miniCanvas});
      }));
      ctx.miniLayers = L.layerGroup([miniRoute]);
      // Folded at first: the whole journey is in view then; it helps once zoomed in.
      ctx.miniMap = new L.Control.MiniMap(ctx.miniLayers, {
        position: "bottomright", toggleDisplay: true, minimized: true, zoomLevelOffset: -4,
        width: 130, height: 110, strings: {hideText: "Hide mini-map", showText: "Show mini-map"}
      }).addTo(map);
      // A picture of where the view is, not a second map to steer: out of the Tab order
      // (its fold button stays in it).
      ctx.miniMap.getContainer().setAttribute("tabindex", "-1");
      if (ctx.naturalEarth) {
        addMiniLand(ctx, ctx.naturalEarth);
      } else {
        // The mini-map's land (a 740 kB basemap file) waits until the page is idle.
        var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 500); };
        idle(function () {
          ctx.loadNaturalEarth(function (data) { if (data) { addMiniLand(ctx, data); } });
        }, {timeout: 3000});
      }
    }
  }

  // The plugin's own test (markercluster 1.5.3, _zoomOrSpiderfy): a group that stays one
  // group down to the deepest zoom is spread out on a click, not zoomed into.
  function spreadsOut(group, cluster) {
    var bottom = cluster;
    while (bottom._childClusters.length === 1) { bottom = bottom._childClusters[0]; }
    return bottom._zoom === group._maxZoom && bottom._childCount === cluster._childCount;
  }

  // The plugin's zoom into a group (as deep as it takes to split it, or to fit its stops),
  // with its stops fitted into the room the corner controls leave. Where that room would
  // not let the zoom go deeper, one level deeper around the group, as the plugin does (a
  // click must always open something); keepClear then pans what it can into the room.
  function openByZoom(map, cluster) {
    var pad = controlPadding(map);
    var room = L.point(pad.paddingTopLeft).add(pad.paddingBottomRight);
    if (map.getBoundsZoom(cluster.getBounds(), false, room) > map.getZoom()) {
      cluster.zoomToBounds(pad);
    } else {
      map.setView(cluster.getLatLng(), map.getZoom() + 1);
    }
  }

  // The room the corner controls leave: stops are kept inside it, so none hides under a
  // button, the legend or the scale.
  function controlPadding(map) {
    var corner = function (name) {
      var node = map.getContainer().querySelector(".leaflet-" + name);
      return node ? node.getBoundingClientRect() : {width: 0, height: 0};
    };
    var topLeft = corner("top.leaflet-left"), topRight = corner("top.leaflet-right");
    var bottomLeft = corner("bottom.leaflet-left"), bottomRight = corner("bottom.leaflet-right");
    return {
      paddingTopLeft: [Math.max(topLeft.width, 12) + 8, 24],
      paddingBottomRight: [Math.max(topRight.width, 12) + 8,
                           Math.max(bottomLeft.height, bottomRight.height, 12) + 8]
    };
  }

  // streamlit-folium adds the page's stylesheets without waiting for them: until Leaflet's
  // own style is in, the controls lie in the page flow and measure nothing like their
  // real size. Calls `done` once it is (or after 5 s).
  function whenStyled(map, done) {
    var pane = map.getPane("mapPane");
    var started = Date.now();
    (function check() {
      if (getComputedStyle(pane).position === "absolute" || Date.now() - started > 5000) {
        done();
      } else {
        requestAnimationFrame(check);
      }
    })();
  }

  // The first view holds every stop clear of the map's own controls.
  function fitJourney(ctx) {
    var map = ctx.map;
    var bounds = L.latLngBounds([]);
    ctx.config.stops.forEach(function (stop) { bounds.extend([stop.lat, stop.lon]); });
    (ctx.config.runs || ctx.config.legs).forEach(function (line) {
      for (var i = 0; i < line.points.length; i += 1) { bounds.extend(line.points[i]); }
    });
    if (!bounds.isValid()) { return; }
    ctx.fitting = true;
    map.fitBounds(bounds, L.extend(controlPadding(map), {maxZoom: 9, animate: false}));
    ctx.fitting = false;
  }

  // After a cluster opens (a zoom, or its stops spread out), pan so that what it held is
  // clear of the controls: Leaflet's own zoom knows nothing of them.
  function keepClear(ctx, points) {
    var map = ctx.map;
    if (!points.length) { return; }
    var pad = controlPadding(map);
    var size = map.getSize();
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    points.forEach(function (p) {
      minX = Math.min(minX, p.x - MARKER_PX); maxX = Math.max(maxX, p.x + MARKER_PX);
      minY = Math.min(minY, p.y - MARKER_PX); maxY = Math.max(maxY, p.y + MARKER_PX);
    });
    var left = pad.paddingTopLeft[0], top = pad.paddingTopLeft[1];
    var right = size.x - pad.paddingBottomRight[0], bottom = size.y - pad.paddingBottomRight[1];
    var dx = minX < left ? minX - left : (maxX > right ? Math.min(maxX - right, minX - left) : 0);
    var dy = minY < top ? minY - top : (maxY > bottom ? Math.min(maxY - bottom, minY - top) : 0);
    if (dx || dy) { map.panBy([dx, dy], {animate: false}); }
  }

  // A button under the zoom buttons that brings the whole journey back into view.
  function addHomeButton(ctx) {
    var home = L.control({position: "topleft"});
    home.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar itin-home");
      var link = L.DomUtil.create("a", "", bar);
      link.href = "#";
      link.setAttribute("role", "button");
      link.title = "Show the whole journey";
      link.setAttribute("aria-label", "Show the whole journey");
      link.textContent = "⤢";
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(link, "click", function (event) {
        L.DomEvent.preventDefault(event);
        if (ctx.stopLayer.unspiderfy) { ctx.stopLayer.unspiderfy(); }
        ctx.map.closePopup();
        fitJourney(ctx);
      });
      return bar;
    };
    home.addTo(ctx.map);
  }

  // The map fills most of the screen, so a mouse wheel over it would zoom it when the
  // reader meant to scroll the page: the wheel zooms once the map is clicked, until the
  // pointer leaves it, and a wheel on a map at rest says how to zoom.
  function gateWheelZoom(ctx) {
    var map = ctx.map;
    map.scrollWheelZoom.disable();
    var hint = el("div", "itin-wheel-hint", "Click the map to zoom with the wheel, or use + and −");
    hint.setAttribute("aria-hidden", "true");
    map.getContainer().appendChild(hint);
    var timer = null;
    map.on("click focus", function () { map.scrollWheelZoom.enable(); });
    map.on("mouseout blur", function () { map.scrollWheelZoom.disable(); });
    L.DomEvent.on(map.getContainer(), "wheel", function () {
      if (map.scrollWheelZoom.enabled()) { return; }
      hint.classList.add("shown");
      clearTimeout(timer);
      timer = setTimeout(function () { hint.classList.remove("shown"); }, 1500);
    });
  }

  // --- Keyboard, screen readers, motion ----------------------------------------------

  // The map says what it is (a region named after the journey, how to use it from the
  // keyboard), and so does the frame the dashboard shows it in.
  function describeMap(ctx) {
    var container = ctx.map.getContainer();
    var name = "Map of the journey" + (ctx.config.title ? ": " + ctx.config.title : "");
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", name);
    var help = el("p", "itin-sr-only", "Tab moves through the stops in journey order. Enter " +
      "on a stop selects it; Enter on a group of stops opens it. Arrow keys pan the map, " +
      "plus and minus zoom. The list of stops, outside the map, holds the same stops.");
    help.id = "itin-map-help-" + L.stamp(ctx.map);
    container.appendChild(help);
    container.setAttribute("aria-describedby", help.id);
    try {
      if (window.frameElement) {
        window.frameElement.setAttribute("aria-label", name);
        document.title = name;
      }
    } catch (error) { /* another origin */ }
    // Leaflet's buttons are links with role="button": the Space key works them too. Escape
    // closes a stop's popup wherever the focus is in the map (Leaflet's own handler only
    // listens while the map itself has the focus).
    L.DomEvent.on(container, "mousedown touchstart", function () { ctx.focusAfterOpen = null; });
    L.DomEvent.on(container, "keydown", function (event) {
      var target = event.target;
      ctx.focusAfterOpen = null;  // the reader moved on before a cluster finished opening
      if ((event.key === " " || event.key === "Spacebar") && target.tagName === "A" &&
          target.getAttribute("role") === "button") {
        L.DomEvent.preventDefault(event);
        target.click();
      } else if (event.key === "Escape" && ctx.map.closePopup && target !== container) {
        ctx.map.closePopup();
      }
    });
  }

  // With prefers-reduced-motion the map jumps instead of gliding: every move Leaflet makes
  // (fly-to, zoom, pan, a cluster opening, a popup making room) goes through setView or
  // panBy, which then do it in one step. Checked at each move, so a change of the setting
  // applies at once.
  function calmMotion(map) {
    var setView = map.setView, panBy = map.panBy, flyTo = map.flyTo;
    var still = function (options) {
      return L.extend({}, options, {
        animate: false,
        zoom: L.extend({}, options && options.zoom, {animate: false}),
        pan: L.extend({}, options && options.pan, {animate: false})
      });
    };
    map.setView = function (center, zoom, options) {
      var calm = reducedMotion() && options !== true;
      return setView.call(this, center, zoom, calm ? still(options) : options);
    };
    map.panBy = function (offset, options) {
      return panBy.call(this, offset, reducedMotion() ? L.extend({}, options, {animate: false})
                                                      : options);
    };
    map.flyTo = function (target, zoom, options) {
      return flyTo.call(this, target, zoom, reducedMotion() ? L.extend({}, options, {animate: false})
                                                            : options);
    };
    if (reducedMotion()) { map.options.inertia = false; }
  }

  // --- Showing a state -----------------------------------------------------------------

  function summarise(ctx, visible, chosen) {
    var stayed = {};
    var shown = 0;
    var keys = ctx.config.topicKeys;
    for (var i = 0; i < visible.length; i += 1) {
      if (!visible[i]) { continue; }
      shown += 1;
      var unticked = ctx.masks[i] & ~chosen;
      if (ctx.match === "all" || !unticked) { continue; }
      for (var k = 0; k < keys.length; k += 1) {
        if (unticked & (1 << k)) { stayed[keys[k]] = (stayed[keys[k]] || 0) + 1; }
      }
    }
    return {shown: shown, total: visible.length, stayed: stayed};
  }

  function render(ctx) {
    var stops = ctx.config.stops;
    var base = ctx.base;
    var visible = new Array(stops.length);
    var add = [], remove = [], restyled = [];
    var focusMarker = null;
    var chosen = chosenMask(ctx);
    for (var i = 0; i < stops.length; i += 1) {
      visible[i] = !!base[i] && topicAccepts(ctx.masks[i], chosen, ctx.match);
      var marker = ctx.markers[i];
      if (!visible[i]) {
        if (marker && marker.itineraryShown) { remove.push(marker); marker.itineraryShown = false; }
        continue;
      }
      var topic = markerTopic(ctx, i, chosen);
      var selected = stops[i].id === ctx.selected;
      if (!marker) {
        marker = ctx.markers[i] = makeMarker(ctx, i, topic);
        restyle(ctx, marker, topic, selected);
      } else if (restyle(ctx, marker, topic, selected)) {
        restyled.push(marker);
      }
      if (!marker.itineraryShown) { add.push(marker); marker.itineraryShown = true; }
      if (selected) { focusMarker = marker; }
    }
    // Batches: the cluster plugin re-clusters once per call, not once per marker.
    if (remove.length) {
      if (ctx.stopLayer.removeLayers) { ctx.stopLayer.removeLayers(remove); }
      else { remove.forEach(function (m) { ctx.stopLayer.removeLayer(m); }); }
    }
    if (add.length) {
      if (ctx.stopLayer.addLayers) { ctx.stopLayer.addLayers(add); }
      else { add.forEach(function (m) { ctx.stopLayer.addLayer(m); }); }
    }
    // Cluster discs show their stops' colours and the selection: redraw the ones whose
    // stops changed (after a topic change at 10,000 stops, thousands of them: their rings
    // then wait for the next zoom; a selection is always shown at once).
    var few = restyled.length <= 50 || !ctx.config.canvasMarkers;
    if (restyled.length && ctx.stopLayer.refreshClusters && few) {
      ctx.stopLayer.refreshClusters(restyled);
    }
    ctx.visible = visible;
    var summary = summarise(ctx, visible, chosen);
    ctx.summary = summary;
    fillLegend(ctx);
    schedulePlaceLabels(ctx);
    window.__itinStopsDrawn = summary.shown;
    var container = ctx.map.getContainer();
    container.setAttribute("data-stops-drawn", String(summary.shown));
    container.setAttribute("data-topics", Array.from(ctx.chosen).sort().join(","));
    return {summary: summary, focusMarker: focusMarker};
  }

  function focusOn(ctx, marker) {
    var map = ctx.map;
    var group = ctx.stopLayer;
    var parent = group.getVisibleParent ? group.getVisibleParent(marker) : marker;
    // A stop out of view inside a group has no visible parent at all (null); canvas markers
    // never have an icon, so for them only a drawn group counts.
    var hidden = ctx.config.canvasMarkers ? !!parent && parent !== marker : parent !== marker;
    if (hidden && group.zoomToShowLayer) {
      group.zoomToShowLayer(marker);  // opens the cluster holding the stop
    } else {
      var zoom = Math.max(map.getZoom(), ctx.focusZoom || 7);
      map.flyTo(marker.getLatLng(), zoom, {duration: 0.6});  // a jump with reduced motion (calmMotion)
    }
    if (group.getVisibleParent && !ctx.config.canvasMarkers) { spreadWhenStill(ctx, marker); }
  }

  // The plugin does not always finish the job: without animation it spreads a group inside
  // its own zoom and its zoom-end handler folds it again; a group already in view at the
  // deepest zoom is only panned to; a fly-to may end on a group. Once the map is still, a
  // stop that still sits in a group at the deepest zoom has it spread out.
  function spreadWhenStill(ctx, marker) {
    var map = ctx.map, group = ctx.stopLayer;
    var token = ctx.focusToken = {};
    var tries = 0, asked = 0, last = null;
    var spread = function () {
      if (ctx.focusToken !== token || tries++ > 120) { return; }
      var holder = group.getVisibleParent(marker);
      // Still: no zoom animation, and the view unchanged since the last look (a fly-to).
      var view = map.getCenter().toString() + "@" + map.getZoom();
      var moving = map._animatingZoom || group._inZoomAnimation || view !== last;
      last = view;
      if (!moving && holder === marker && map.getBounds().contains(marker.getLatLng())) {
        return;  // shown as itself, in view
      }
      if (!moving && holder && holder !== marker && holder._icon && holder._zoom >= group._maxZoom) {
        holder.spiderfy();
        return;
      }
      // Still, and the stop neither shown nor in a group being spread: the plugin's own
      // move was cut short (a second step asked for during the first): ask again.
      if (!moving && holder !== marker && asked < 2) {
        asked += 1;
        group.zoomToShowLayer(marker);
      }
      setTimeout(spread, 50);
    };
    spread();
  }

  function announceDrawn(ctx) {
    if (ctx.announced) { return; }
    ctx.announced = true;
    // The page's topic filter waits for the first drawing before it asks the app for the
    // parts below the map (same origin; a cross-origin embed just skips this).
    try {
      var parentWindow = window.parent;
      if (parentWindow && parentWindow !== window) {
        parentWindow.__itinMapDrawn = true;
        parentWindow.dispatchEvent(new parentWindow.CustomEvent("itinerary:drawn"));
      }
    } catch (error) { /* another origin */ }
  }

  var contexts = [];

  // The page sizes the map's frame to the screen, and the map fills its frame (the style
  // says so too, but it may arrive after the map is made). Leaflet learns its size only on
  // a window resize: a container that changes on its own must tell it.
  function fillFrame(ctx) {
    var holder = document.getElementById("map_div");
    if (holder && window.parent !== window) {
      holder.style.setProperty("height", "100vh", "important");
    }
    var map = ctx.map;
    if (!window.ResizeObserver) { return; }
    var last = map.getSize();
    new ResizeObserver(function () {
      map.invalidateSize({pan: false});
      var now = map.getSize();
      if (now.x !== last.x || now.y !== last.y) {
        if (!ctx.touched) { fitJourney(ctx); }  // still the first view: keep it whole
        schedulePlaceLabels(ctx);
      }
      last = now;
    }).observe(map.getContainer());
    // Once the reader has done anything with the map, a resize (a scroll bar appearing in
    // the page, say) must not take their view away.
    map.on("dragstart zoomstart popupopen click", function () {
      if (!ctx.fitting) { ctx.touched = true; }
    });
  }

  function applyState(ctx, state) {
    ctx.base = decodeMask(state.base, ctx.config.stops.length);
    var order = state.order || [0, 0];
    if (newer(order, ctx.order)) {  // the app's topics, unless the page has newer ones
      ctx.order = order;
      ctx.chosen = new Set(state.topics || []);
      ctx.match = state.match === "all" ? "all" : "any";
    }
    ctx.selected = state.selected || null;
    var drawn = render(ctx);
    var progress = state.progress === undefined ? null : state.progress;
    if (progress !== ctx.shownProgress) {  // restyling every leg costs, at 10,000 legs
      ctx.shownProgress = progress;
      styleProgress(ctx, progress);
    }
    if (state.focus && drawn.focusMarker) { focusOn(ctx, drawn.focusMarker); }
    announceDrawn(ctx);
  }

  window.ItineraryMap = {
    init: function (map, config) {
      map.createPane("itinBasemap").style.zIndex = 250;
      map.createPane("itinRoute").style.zIndex = 410;
      map.createPane("itinArrows").style.zIndex = 420;
      map.createPane("itinLabels").style.zIndex = 590;  // above the route, under markers
      var stopLayer = map._itinStopLayer || makeStopLayer(map, config.canvasMarkers);
      var ctx = {
        map: map, config: config, canvas: L.canvas({padding: 0.5}),
        routeLayer: L.featureGroup(), stopLayer: stopLayer, markers: [],
        chosen: new Set(config.legend), match: "any", order: null, focusZoom: 7,
        masks: topicMasks(config),
        indexById: {}
      };
      config.stops.forEach(function (stop, index) { ctx.indexById[stop.id] = index; });
      stopLayer.itineraryContext = ctx;
      if (!map.hasLayer(stopLayer)) { stopLayer.addTo(map); }
      drawRoute(ctx);
      addHomeButton(ctx);
      gateWheelZoom(ctx);
      describeMap(ctx);
      calmMotion(map);
      addLegend(ctx);
      addBasemaps(ctx);
      L.control.scale({position: "bottomright"}).addTo(map);
      fillFrame(ctx);
      // Sized and fitted once the style is in (at once, when it already is).
      whenStyled(map, function () {
        map.invalidateSize({pan: false});
        if (map.getSize().x < 480) { map.attributionControl.setPrefix(false); }
        if (!ctx.touched) { fitJourney(ctx); }
      });
      map._itinerary = ctx;
      contexts.push(ctx);
      map.on("zoomend", function () { schedulePlaceLabels(ctx); });
      // A count of settled moves (pans, zooms, clusters opening), for tests that act like a
      // reader: click, wait for the map to settle, look again.
      window.__itinMoves = 0;
      var settled = function () { window.__itinMoves += 1; };
      map.on("moveend", settled);
      if (stopLayer.on) {
        stopLayer.on("animationend spiderfied unspiderfied", function () {
          schedulePlaceLabels(ctx);
          settled();
        });
      }
      window.__itinStopsDrawn = 0;
      // Leaflet focuses the map on mouse-down without preventScroll; inside Streamlit's
      // scrolling page that moves the map under the pointer and the click is lost.
      map.keyboard.disable();
      map.keyboard._onMouseDown = function () {
        if (!this._focused) { this._map._container.focus({preventScroll: true}); }
      };
      map.keyboard.enable();
      if (map._itineraryQueued) {
        var queued = map._itineraryQueued;
        map._itineraryQueued = null;
        applyState(ctx, queued);
      }
      if (window.__itinPendingTopics) {
        var pending = window.__itinPendingTopics;
        window.__itinPendingTopics = null;
        window.ItineraryMap.applyTopics(pending[0], pending[1], pending[2]);
      }
      // Once the stops are on screen: the controls that can wait.
      setTimeout(function () { whenPlugins(ctx, function () { addLateFurniture(ctx); }); }, 0);
    },
    load: function (map, url) {
      watchTiles(map);
      // The stop layer exists before the journey arrives: streamlit-folium binds its click
      // reporting to the layers on the map right after this script, and marker clicks
      // bubble to this group (it reads the marker's tooltip from the event's sourceTarget).
      map._itinStopLayer = makeStopLayer(map, false).addTo(map);
      var container = map.getContainer();
      var box = el("div", "itin-config-status", "Loading the journey…");
      box.setAttribute("role", "status");
      container.appendChild(box);
      container.setAttribute("data-config", "loading");
      function failed(error) {
        box.className = "itin-config-status itin-config-error";
        box.setAttribute("role", "alert");
        box.textContent = "The journey could not be loaded (" + (error && error.message || error) +
          "). Reload the page to try again.";
        container.setAttribute("data-config", "failed");
      }
      // Asked for already by the page's first script (mapview.early_requests_script).
      var early = window.__itinEarly && window.__itinEarly[url];
      if (early) { delete window.__itinEarly[url]; }
      (early || fetch(url, {credentials: "same-origin"})).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      }).then(function (text) {
        return JSON.parse(text);  // data only: never evaluated, never HTML
      }).then(function (config) {
        box.remove();
        container.setAttribute("data-config", "loaded");
        window.ItineraryMap.init(map, config);
      }, failed);
    },
    show: function (map, state) {
      var ctx = map._itinerary;
      if (!ctx) {  // the config is still on its way: the latest state is shown after init
        map._itineraryQueued = state;
        return;
      }
      applyState(ctx, state);
    },
    // The page's topic filter: apply a reader's change now. Returns what is shown, or
    // null while the journey is still loading (the change is applied once it has).
    applyTopics: function (topics, match, order) {
      var ctx = contexts[contexts.length - 1];
      if (!ctx || !ctx.base) {
        window.__itinPendingTopics = [topics, match, order];
        return null;
      }
      if (!newer(order, ctx.order)) { return ctx.summary; }
      ctx.order = order;
      ctx.chosen = new Set(topics);
      ctx.match = match === "all" ? "all" : "any";
      return render(ctx).summary;
    },
    visibleIds: function () {
      var ctx = contexts[contexts.length - 1];
      if (!ctx || !ctx.visible) { return null; }
      return ctx.config.stops.filter(function (stop, index) { return ctx.visible[index]; })
        .map(function (stop) { return stop.id; });
    },
    summary: function () {
      var ctx = contexts[contexts.length - 1];
      return ctx && ctx.summary ? ctx.summary : null;
    },
    escapeHtml: escapeHtml
  };
})();
