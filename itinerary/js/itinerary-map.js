/* Itinerary map behaviour, loaded once with the base map.
 *
 * ItineraryMap.init(map, config) runs once per map: it builds every stop marker
 * (kept aside, not drawn), the route, the basemaps and the map furniture.
 * ItineraryMap.load(map, url) fetches the config (JSON, parsed with JSON.parse)
 * and then runs init; a failed fetch leaves a message in the map.
 * ItineraryMap.show(map, state) runs on every rerun from the swappable layer:
 * it draws the visible stops, marks the selection and the travelled route. A
 * state that arrives before init is kept (the latest one) and shown after it.
 *
 * All data text arrives as JSON strings and reaches the DOM through textContent,
 * or through escapeHtml where Leaflet insists on HTML strings (tooltips).
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

  function safeHref(url) {
    return /^https?:\/\//i.test(String(url)) ? String(url) : null;
  }

  function decodeMask(encoded, count) {
    var bytes = atob(encoded);
    var visible = new Array(count);
    for (var i = 0; i < count; i += 1) {
      visible[i] = (bytes.charCodeAt(i >> 3) >> (i & 7)) & 1;
    }
    return visible;
  }

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

  function popupFor(stop, details) {
    var root = el("div", "itin-popup");
    if (!details) {  // big journeys send only the tooltip text: number, name and date
      root.appendChild(el("h4", null, stop.tip));
      root.appendChild(el("p", "muted", "Full details, people and sources: in the panel beside the map."));
      return root;
    }
    root.appendChild(el("h4", null, stop.seq + ". " + stop.name));
    root.appendChild(el("p", "muted", details.site + " · " + details.region + ", " + details.country));
    root.appendChild(el("p", null, stop.when));
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

  function iconFor(ctx, stop, selected) {
    var size = selected ? 32 : 26;
    var wrapper = el("div");
    wrapper.appendChild(shapeNode(ctx.config.styles[stop.topic], stop.seq, size));
    return L.divIcon({
      className: "itin-marker topic-" + stop.topic + (selected ? " selected" : "") +
        (stop.confidence === "unconfirmed" ? " unconfirmed" : ""),
      html: wrapper.innerHTML, iconSize: [size, size], iconAnchor: [size / 2, size / 2]
    });
  }

  function circleStyle(ctx, stop, selected) {
    return {radius: selected ? 9 : 5, color: selected ? "#ffd400" : "#ffffff",
            weight: selected ? 3 : 1, fillColor: ctx.config.styles[stop.topic].colour,
            fillOpacity: 0.9};
  }

  // Restyle in place: rebuilding the marker would close its open popup.
  function markSelected(ctx, marker, stop, selected) {
    if (marker.itinerarySelected === selected) { return; }
    marker.itinerarySelected = selected;
    if (ctx.config.canvasMarkers) {
      marker.setStyle(circleStyle(ctx, stop, selected));
      marker.setRadius(selected ? 9 : 5);
    } else {
      marker.setIcon(iconFor(ctx, stop, selected));
      marker.setZIndexOffset(selected ? 1000 : 0);
    }
  }

  function makeMarker(ctx, stop, index, selected) {
    var config = ctx.config;
    var tip = escapeHtml(stop.tip);
    var details = config.details ? config.details[index] : null;
    var marker;
    if (config.canvasMarkers) {
      var style = circleStyle(ctx, stop, selected);
      style.renderer = ctx.canvas;
      marker = L.circleMarker([stop.lat, stop.lon], style);
    } else {
      marker = L.marker([stop.lat, stop.lon], {
        icon: iconFor(ctx, stop, selected),
        title: stop.tip, alt: stop.tip, keyboard: true, riseOnHover: true,
        zIndexOffset: selected ? 1000 : 0
      });
    }
    marker.itinerarySelected = selected;
    marker.bindTooltip(tip, {direction: "top", offset: [0, -12]});
    // A height limit keeps long summaries scrolling inside the popup, not panning the map away.
    marker.bindPopup(function () { return popupFor(stop, details); },
                     {maxWidth: 340, maxHeight: 360});
    marker.itineraryStopId = stop.id;
    return marker;
  }

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

  // Labels earlier in the journey win; a later one that would overlap is hidden.
  function declutterLabels(ctx) {
    var placed = [];
    (ctx.cityLabels || []).forEach(function (marker) {
      var node = marker.getElement();
      if (!node) { return; }
      var p = ctx.map.latLngToContainerPoint(marker.getLatLng());
      var width = node.offsetWidth || 80;
      var box = {left: p.x + 10, right: p.x + 10 + width, top: p.y - 18, bottom: p.y};
      var clash = placed.some(function (other) {
        return box.left < other.right && box.right > other.left &&
          box.top < other.bottom && box.bottom > other.top;
      });
      node.style.visibility = clash ? "hidden" : "visible";
      if (!clash) { placed.push(box); }
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

  function addBasemaps(ctx) {
    var map = ctx.map;
    var config = ctx.config.basemap;
    var tiles = [];
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) { tiles.push(layer); } });
    var offline = L.layerGroup([], {attribution: config.attribution});
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
      if (!config.countries || !window.topojson) { done(null); return; }
      var source = config.countries;
      var loading = source.charAt(0) === "#"
        ? Promise.resolve(JSON.parse(document.getElementById(source.slice(1)).textContent))
        : fetch(source).then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        });
      loading.then(function (topology) {
        ctx.naturalEarth = {
          land: projectShapes(topojson.feature(topology, topology.objects.land)),
          borders: projectShapes(topojson.mesh(
            topology, topology.objects.countries, function (a, b) { return a !== b; }))
        };
        done(ctx.naturalEarth);
      }).catch(function () { done(null); });
    }

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
                             iconSize: null, iconAnchor: [-10, 18]}),
            interactive: false, keyboard: false, pane: "itinBasemap"
          });
          offline.addLayer(marker);
          return marker;
        });
        declutterLabels(ctx);
        map.on("zoomend", function () { declutterLabels(ctx); });
        addMiniLand(ctx, data);
      });
    }

    function useOffline(reason) {
      tiles.forEach(function (layer) { map.removeLayer(layer); });
      if (!map.hasLayer(offline)) { offline.addTo(map); }
      ctx.basemapName = "natural-earth";
      map.getContainer().classList.add("itin-no-tiles");
      say(reason);
    }

    map.on("baselayerchange", function (event) {
      if (event.layer === offline) {
        fillOffline();
        ctx.basemapName = "natural-earth";
        map.getContainer().classList.add("itin-no-tiles");
        say("Basemap: Natural Earth 1:50m (offline)");
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
    function checkTiles() {
      if (switched || counts.loaded > 0 || counts.failed === 0) { return; }
      switched = true;
      fillOffline();
      useOffline("Tile server unreachable: basemap is Natural Earth 1:50m (offline)");
    }
    tiles[0].on("tileerror", checkTiles);
    checkTiles();
    // Keep the mini-map offline-safe: it always shows Natural Earth land.
    loadNaturalEarth(function (data) { if (data) { addMiniLand(ctx, data); } });
  }

  // Counts tile loads and failures from the moment the map exists (idempotent).
  function watchTiles(map) {
    if (map._itinTileCounts) { return map._itinTileCounts; }
    var counts = map._itinTileCounts = {loaded: 0, failed: 0};
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

  function addFurniture(ctx) {
    var map = ctx.map;
    if (L.control.fullscreen) {
      L.control.fullscreen({position: "topleft", title: "Full screen",
                            titleCancel: "Leave full screen"}).addTo(map);
    }
    if (L.Control.MiniMap) {
      // The mini-map is a map of its own: its own canvas for the route, its own land tiles.
      var miniCanvas = L.canvas({padding: 0.2});
      var miniRoute = L.layerGroup((ctx.config.runs || ctx.config.legs).map(function (line) {
        return L.polyline(line.points, {color: "#b3001b", weight: 2, interactive: false,
                                        renderer: miniCanvas});
      }));
      ctx.miniLayers = L.layerGroup([miniRoute]);
      ctx.miniMap = new L.Control.MiniMap(ctx.miniLayers, {
        position: "bottomright", toggleDisplay: true, minimized: false, zoomLevelOffset: -4,
        width: 130, height: 110, strings: {hideText: "Hide mini-map", showText: "Show mini-map"}
      }).addTo(map);
      if (ctx.naturalEarth) { addMiniLand(ctx, ctx.naturalEarth); }
    }
    var legend = L.control({position: "bottomleft"});
    legend.onAdd = function () {
      var box = L.DomUtil.create("details", "itin-legend");
      box.appendChild(el("summary", null, "Legend"));
      ctx.config.legend.forEach(function (key) {
        var style = ctx.config.styles[key];
        var row = el("div", "row");
        row.appendChild(shapeNode(style, "", 14));
        row.appendChild(el("span", null, style.label + " (" + style.shapeName + ")"));
        box.appendChild(row);
      });
      [["rail", "Rail leg (reconstructed line)"], ["road", "Road leg (straight line)"],
       ["travelled", "Travelled so far (playback)"]].forEach(function (pair) {
        var row = el("div", "row");
        row.appendChild(el("span", "line line-" + pair[0]));
        row.appendChild(el("span", null, pair[1]));
        box.appendChild(row);
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
  }

  window.ItineraryMap = {
    init: function (map, config) {
      map.createPane("itinBasemap").style.zIndex = 250;
      map.createPane("itinRoute").style.zIndex = 410;
      map.createPane("itinArrows").style.zIndex = 420;
      var ctx = {
        map: map, config: config, canvas: L.canvas({padding: 0.5}),
        routeLayer: L.featureGroup(), stopLayer: map._itinStopLayer || L.featureGroup(), markers: []
      };
      ctx.stopLayer.addTo(map);
      drawRoute(ctx);
      addFurniture(ctx);
      addBasemaps(ctx);
      map._itinerary = ctx;
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
        window.ItineraryMap.show(map, queued);
      }
    },
    load: function (map, url) {
      watchTiles(map);
      // The stop layer exists before the journey arrives: streamlit-folium binds its click
      // reporting to the layers on the map right after this script, and marker clicks
      // bubble to this group (it reads the marker's tooltip from the event's sourceTarget).
      map._itinStopLayer = L.featureGroup().addTo(map);
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
      fetch(url, {credentials: "same-origin"}).then(function (response) {
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
      var stops = ctx.config.stops;
      var visible = decodeMask(state.visible, stops.length);
      var drawn = 0;
      var focus = null;
      // Only what changed is touched: markers are built once, then added, removed or
      // restyled, so an open popup survives the rerun its own click caused.
      for (var i = 0; i < stops.length; i += 1) {
        var stop = stops[i];
        var marker = ctx.markers[i];
        if (!visible[i]) {
          if (marker && ctx.stopLayer.hasLayer(marker)) { ctx.stopLayer.removeLayer(marker); }
          continue;
        }
        var selected = stop.id === state.selected;
        if (!marker) {
          marker = ctx.markers[i] = makeMarker(ctx, stop, i, selected);
        } else {
          markSelected(ctx, marker, stop, selected);
        }
        if (!ctx.stopLayer.hasLayer(marker)) { ctx.stopLayer.addLayer(marker); }
        if (selected) { focus = [stop.lat, stop.lon]; }
        drawn += 1;
      }
      var progress = state.progress === undefined ? null : state.progress;
      if (progress !== ctx.shownProgress) {  // restyling every leg costs, at 10,000 legs
        ctx.shownProgress = progress;
        styleProgress(ctx, progress);
      }
      if (state.focus && focus) {
        map.flyTo(focus, Math.max(map.getZoom(), state.focusZoom || 7), {duration: 0.6});
      }
      window.__itinStopsDrawn = drawn;
      map.getContainer().setAttribute("data-stops-drawn", String(drawn));
    },
    escapeHtml: escapeHtml
  };
})();
