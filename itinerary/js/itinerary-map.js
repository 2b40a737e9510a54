/* Itinerary map behaviour, loaded once with the base map.
 *
 * ItineraryMap.init(map, config) runs once per map: it builds every stop marker
 * (kept aside, not drawn), the route, the basemaps and the map furniture.
 * ItineraryMap.show(map, state) runs on every rerun from the swappable layer:
 * it draws the visible stops, marks the selection and the travelled route.
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

  function drawRoute(ctx) {
    var map = ctx.map;
    ctx.legLines = ctx.config.legs.map(function (leg) {
      var line = L.polyline(leg.points, {
        color: leg.mode === "rail" ? "#b3001b" : "#555555",
        weight: leg.mode === "rail" ? 4 : 3, opacity: 0.85,
        dashArray: leg.mode === "rail" ? null : "6 8",
        className: "itin-route itin-route-" + leg.mode, pane: "itinRoute"
      });
      if (leg.tip) { line.bindTooltip(escapeHtml(leg.tip), {sticky: true}); }
      line.itineraryMode = leg.mode;
      ctx.routeLayer.addLayer(line);
      leg.arrows.forEach(function (arrow) {
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
      return line;
    });
    ctx.routeLayer.addTo(map);
  }

  function styleProgress(ctx, progress) {
    ctx.legLines.forEach(function (line, index) {
      var rail = line.itineraryMode === "rail";
      var travelled = progress !== null && index < progress;
      var ahead = progress !== null && index >= progress;
      line.setStyle({
        color: travelled ? "#e4002b" : (rail ? "#b3001b" : "#555555"),
        opacity: ahead ? 0.35 : 0.85,
        weight: travelled ? 6 : (rail ? 4 : 3)
      });
      var path = line.getElement && line.getElement();
      if (path) {
        path.classList.toggle("itin-travelled", travelled);
        path.classList.toggle("itin-ahead", ahead);
      }
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
          land: topojson.feature(topology, topology.objects.land),
          borders: topojson.mesh(topology, topology.objects.countries, function (a, b) { return a !== b; })
        };
        done(ctx.naturalEarth);
      }).catch(function () { done(null); });
    }

    function fillOffline() {
      loadNaturalEarth(function (data) {
        if (!data || ctx.offlineFilled) { return; }
        ctx.offlineFilled = true;
        var renderer = L.canvas({pane: "itinBasemap"});
        offline.addLayer(L.geoJSON(data.land, {
          renderer: renderer, interactive: false, pane: "itinBasemap",
          style: {color: "#8b98a5", weight: 0.8, fillColor: "#f4f1e8", fillOpacity: 1}
        }));
        offline.addLayer(L.geoJSON(data.borders, {
          renderer: renderer, interactive: false, pane: "itinBasemap",
          style: {color: "#7d6b8f", weight: 1.2, dashArray: "4 3", fill: false}
        }));
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
        map.getContainer().classList.add("itin-natural-earth-drawn");
        if (ctx.miniLand) { ctx.miniLand.addData(data.land); }
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
    var loaded = 0;
    var switched = false;
    tiles[0].on("tileload", function () { loaded += 1; });
    tiles[0].on("tileerror", function () {
      if (switched || loaded > 0) { return; }
      switched = true;
      fillOffline();
      useOffline("Tile server unreachable: basemap is Natural Earth 1:50m (offline)");
    });
    // Keep the mini-map offline-safe: it always shows Natural Earth land.
    loadNaturalEarth(function () {});
  }

  function addFurniture(ctx) {
    var map = ctx.map;
    if (L.control.fullscreen) {
      L.control.fullscreen({position: "topleft", title: "Full screen",
                            titleCancel: "Leave full screen"}).addTo(map);
    }
    if (L.Control.MiniMap) {
      ctx.miniLand = L.geoJSON(null, {
        interactive: false, style: {color: "#8b98a5", weight: 0.5, fillColor: "#f4f1e8", fillOpacity: 1}
      });
      var miniRoute = L.layerGroup(ctx.config.legs.map(function (leg) {
        return L.polyline(leg.points, {color: "#b3001b", weight: 2, interactive: false});
      }));
      var miniLayers = L.layerGroup([ctx.miniLand, miniRoute]);
      ctx.miniMap = new L.Control.MiniMap(miniLayers, {
        position: "bottomright", toggleDisplay: true, minimized: false, zoomLevelOffset: -4,
        width: 130, height: 110, strings: {hideText: "Hide mini-map", showText: "Show mini-map"}
      }).addTo(map);
      if (ctx.naturalEarth) { ctx.miniLand.addData(ctx.naturalEarth.land); }
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
        routeLayer: L.featureGroup(), stopLayer: L.featureGroup(), markers: []
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
    },
    show: function (map, state) {
      var ctx = map._itinerary;
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
      styleProgress(ctx, state.progress);
      if (state.focus && focus) {
        map.flyTo(focus, Math.max(map.getZoom(), state.focusZoom || 7), {duration: 0.6});
      }
      window.__itinStopsDrawn = drawn;
      map.getContainer().setAttribute("data-stops-drawn", String(drawn));
    },
    escapeHtml: escapeHtml
  };
})();
