// frontwatch: the analysts' map page. A plain ES module (no build step, no framework) over the
// read-only API of the same server (docs/api.md). Nothing is fetched from elsewhere: MapLibre GL
// and the basemap are files under static/.
//
// Safety: every string that comes from the store (places, sentences, outlets, claimants, URLs,
// ids) is put into the page as text (textContent, text nodes via el()); nothing is parsed as
// HTML. A URL becomes a link only when its scheme is http or https.

const maplibregl = window.maplibregl;

// --------------------------------------------------------------------------------- constants

const STATUSES = [
  ["single_source", "single source", "#8c8c8c"],
  ["corroborated", "corroborated", "#56B4E9"],
  ["confirmed_by_adversary", "confirmed by adversary", "#009E73"],
  ["confirmed_by_map", "confirmed by map", "#0072B2"],
  ["disputed", "disputed", "#D55E00"],
  ["superseded", "superseded", "#CC79A7"],
];
const STATUS_COLOR = Object.fromEntries(STATUSES.map(([k, , c]) => [k, c]));
const STATUS_LABEL = Object.fromEntries(STATUSES.map(([k, l]) => [k, l]));
const UNKNOWN_COLOR = "#333333";

const FAMILIES = [
  ["ground", "ground fighting", "circle"],
  ["strike", "strike", "diamond"],
  ["civilian_harm", "civilian harm", "triangle"],
  ["disrupt", "disrupt", "square"],
  ["protest", "protest", "pentagon"],
  ["riot", "riot", "star"],
  ["other", "other", "hexagon"],
];
const FAMILY_SHAPE = Object.fromEntries(FAMILIES.map(([k, , s]) => [k, s]));
const SIDES = ["russia", "ukraine", "civilians", "third_party", "other", "unknown"];

const FILTER_KEYS = ["q", "type", "side", "claimant_side", "status", "since", "until"];
const PAGE_SIZE = 100; // list page
const MAP_PAGE = 1000; // the API's largest page
const MAP_MAX = 60000; // events loaded for the map and the timeline at most
const DL_LIMIT = 1000; // the API's largest page, for the download links
const UKRAINE_BOUNDS = [
  [22.1, 44.3],
  [40.3, 52.4],
];
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_DAY = 86400000;

// --------------------------------------------------------------------------------- DOM helpers

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes, never markup. Attributes
 * that could run or load something (on*, style, href, src...) are refused: links go through
 * link(), which checks the scheme. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    const lower = name.toLowerCase();
    if (lower.startsWith("on") || ["style", "href", "src", "srcdoc", "action", "formaction"].includes(lower)) {
      throw new Error(`el(): attribute ${name} is not allowed`);
    }
    node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** ``url`` as a URL object when it is an absolute http(s) URL, else null. */
function webUrl(url) {
  if (typeof url !== "string" || !url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

/** A link to ``url`` if its scheme is http or https; otherwise the URL as plain text. */
function link(url, text) {
  const u = webUrl(url);
  if (!u) return el("span", { class: "url-text", title: "not a web link: shown as text" }, text ?? url ?? "");
  const a = el("a", { rel: "noopener noreferrer nofollow", target: "_blank" }, text ?? u.href);
  a.href = u.href;
  return a;
}

const fmt = new Intl.NumberFormat("en");
const n = (x) => fmt.format(x);
const plural = (k, word, words = `${word}s`) => `${n(k)} ${k === 1 ? word : words}`;

/** Days since 1970-01-01 of a real YYYY-MM-DD date (not 2024-02-30), else null. */
function toDay(iso) {
  if (typeof iso !== "string" || !ISO_DAY.test(iso)) return null;
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  if (!Number.isFinite(t)) return null;
  const day = Math.round(t / MS_DAY);
  return toIso(day) === iso ? day : null;
}
function toIso(day) {
  return new Date(day * MS_DAY).toISOString().slice(0, 10);
}
function dateRange(first, last) {
  if (!first && !last) return "undated";
  if (!last || first === last) return first || last;
  return `${first} – ${last}`;
}
const famKey = (f) => (FAMILY_SHAPE[f] ? f : "other");
const statusKey = (s) => (STATUS_COLOR[s] ? s : "unknown");

// --------------------------------------------------------------------------------- shapes

/** Draws the family's shape centred at (cx, cy) with radius r. */
function shapePath(ctx, shape, cx, cy, r) {
  ctx.beginPath();
  const poly = (k, rot, rr = r) => {
    for (let i = 0; i < k; i++) {
      const a = rot + (i * 2 * Math.PI) / k;
      ctx.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
    }
    ctx.closePath();
  };
  switch (shape) {
    case "diamond":
      poly(4, -Math.PI / 2, r * 1.12);
      break;
    case "triangle":
      poly(3, -Math.PI / 2, r * 1.18);
      break;
    case "square":
      ctx.rect(cx - r * 0.82, cy - r * 0.82, r * 1.64, r * 1.64);
      break;
    case "pentagon":
      poly(5, -Math.PI / 2, r * 1.05);
      break;
    case "star":
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 ? r * 0.5 : r * 1.15;
        ctx.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
      }
      ctx.closePath();
      break;
    case "hexagon":
      poly(6, 0, r);
      break;
    default:
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
  }
}

function drawMarker(ctx, family, color, size) {
  const r = size * 0.34;
  shapePath(ctx, FAMILY_SHAPE[family] || "hexagon", size / 2, size / 2, r);
  ctx.fillStyle = color;
  ctx.fill();
  ctx.lineWidth = Math.max(1, size / 11);
  ctx.strokeStyle = family === "other" ? "#000" : "#ffffff";
  ctx.stroke();
  // a dark outer outline so light colours read on the light basemap
  ctx.lineWidth = Math.max(0.6, size / 28);
  ctx.strokeStyle = "rgba(0,0,0,0.55)";
  shapePath(ctx, FAMILY_SHAPE[family] || "hexagon", size / 2, size / 2, r + ctx.lineWidth * 1.6);
  ctx.stroke();
}

/** A small canvas with the marker of a family and status (list items, legend). */
function markerCanvas(family, status, css = 16) {
  const ratio = window.devicePixelRatio || 1;
  const c = el("canvas", { width: Math.round(css * ratio), height: Math.round(css * ratio), "aria-hidden": "true" });
  const ctx = c.getContext("2d");
  ctx.scale(ratio, ratio);
  drawMarker(ctx, famKey(family), STATUS_COLOR[status] || UNKNOWN_COLOR, css);
  return c;
}

// --------------------------------------------------------------------------------- state and URL

const state = {
  filters: Object.fromEntries(FILTER_KEYS.map((k) => [k, ""])),
  event: "",
};

function cleanFilters(raw) {
  const f = Object.fromEntries(FILTER_KEYS.map((k) => [k, ""]));
  const get = (k) => (typeof raw[k] === "string" ? raw[k].trim().slice(0, 200) : "");
  f.q = get("q");
  f.type = get("type").slice(0, 100);
  f.side = SIDES.includes(get("side")) ? get("side") : "";
  f.claimant_side = SIDES.includes(get("claimant_side")) ? get("claimant_side") : "";
  f.status = STATUS_COLOR[get("status")] ? get("status") : "";
  f.since = toDay(get("since")) !== null ? get("since") : "";
  f.until = toDay(get("until")) !== null ? get("until") : "";
  if (f.since && f.until && f.since > f.until) [f.since, f.until] = [f.until, f.since];
  return f;
}

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.filters = cleanFilters(Object.fromEntries(FILTER_KEYS.map((k) => [k, p.get(k) || ""])));
  const ev = (p.get("event") || "").trim();
  state.event = /^[\w.:-]{1,100}$/.test(ev) ? ev : "";
}

function writeUrl() {
  const p = filterParams(state.filters);
  if (state.event) p.set("event", state.event);
  const search = p.toString();
  const url = `${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, "", url);
}

/** URLSearchParams of the non-empty filters (optionally without the dates). */
function filterParams(filters, { dates = true } = {}) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    if (!dates && (k === "since" || k === "until")) continue;
    if (filters[k]) p.set(k, filters[k]);
  }
  return p;
}

// --------------------------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function getJSON(url, signal) {
  const r = await fetch(url, { signal, headers: { Accept: "application/json" } });
  if (!r.ok) {
    let message = `${r.status} ${r.statusText}`;
    try {
      const body = await r.json();
      if (body && typeof body.error === "string") message = body.error;
    } catch {
      /* not JSON */
    }
    throw new ApiError(r.status, message);
  }
  return r.json();
}

const isAbort = (e) => e && e.name === "AbortError";

// --------------------------------------------------------------------------------- the map

let map = null;
let mapReady = null; // a promise: the style and our sources are in place
let mapError = ""; // why there is no map
const clusterLabels = new Map(); // cluster_id -> marker shown
let hoverPopup = null;
let pickPopup = null;

function initMap() {
  if (!maplibregl) {
    $("map-status").textContent = "The map library did not load; the list still works.";
    mapReady = Promise.reject(new Error("no maplibre"));
    mapReady.catch(() => {});
    return;
  }
  try {
    makeMap();
  } catch (e) {
    // no WebGL (an old or locked-down browser): the list, timeline and cards still work
    map = null;
    mapError = `The map cannot be drawn here (${e.message}); the list still works.`;
    $("map-status").textContent = mapError;
    mapReady = Promise.reject(e);
    mapReady.catch(() => {});
  }
}

function makeMap() {
  const abs = (p) => new URL(p, document.baseURI).href;
  const empty = { type: "FeatureCollection", features: [] };
  map = new maplibregl.Map({
    container: "map",
    bounds: UKRAINE_BOUNDS,
    fitBoundsOptions: { padding: 20 },
    minZoom: 2,
    maxZoom: 15,
    renderWorldCopies: false,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    style: {
      version: 8,
      sources: {
        countries: { type: "geojson", data: abs("static/basemap/countries.geojson") },
        oblasts: { type: "geojson", data: abs("static/basemap/oblasts.geojson") },
        front: { type: "geojson", data: empty },
        events: {
          type: "geojson",
          data: empty,
          cluster: true,
          clusterRadius: 42,
          clusterMaxZoom: 11,
          clusterProperties: {
            disputed: ["+", ["case", ["==", ["get", "st"], "disputed"], 1, 0]],
          },
        },
        selected: { type: "geojson", data: empty },
      },
      layers: [
        { id: "sea", type: "background", paint: { "background-color": "#dce8f1" } },
        { id: "land", type: "fill", source: "countries", paint: { "fill-color": "#efeee8" } },
        {
          id: "ukraine",
          type: "fill",
          source: "countries",
          filter: ["==", ["get", "iso_a3"], "UKR"],
          paint: { "fill-color": "#fbfaf5" },
        },
        {
          id: "oblast-lines",
          type: "line",
          source: "oblasts",
          paint: { "line-color": "#b9b09c", "line-width": 0.8, "line-dasharray": [3, 2] },
        },
        {
          id: "borders",
          type: "line",
          source: "countries",
          paint: { "line-color": "#8f8a7c", "line-width": ["interpolate", ["linear"], ["zoom"], 4, 0.8, 9, 1.8] },
        },
        {
          // the Russian-held and contested areas of the snapshot (under the front line)
          id: "control-areas",
          type: "fill",
          source: "front",
          filter: ["==", ["get", "kind"], "area"],
          paint: {
            "fill-color": ["match", ["get", "status"], "contested", "#9e9e9e", "#c0392b"],
            "fill-opacity": ["match", ["get", "status"], "contested", 0.28, 0.14],
          },
        },
        {
          id: "front",
          type: "line",
          source: "front",
          filter: ["!=", ["get", "kind"], "area"],
          layout: { "line-join": "round", "line-cap": "round" },
          paint: { "line-color": "#b00020", "line-width": ["interpolate", ["linear"], ["zoom"], 4, 1.6, 10, 3.5], "line-opacity": 0.85 },
        },
        {
          id: "clusters",
          type: "circle",
          source: "events",
          filter: ["has", "point_count"],
          paint: {
            "circle-color": "#42505c",
            "circle-opacity": 0.88,
            "circle-radius": ["step", ["get", "point_count"], 12, 20, 15, 100, 19, 500, 23, 2000, 28],
            "circle-stroke-width": 2.5,
            "circle-stroke-color": ["case", [">", ["get", "disputed"], 0], STATUS_COLOR.disputed, "#ffffff"],
          },
        },
        {
          id: "points",
          type: "symbol",
          source: "events",
          filter: ["!", ["has", "point_count"]],
          layout: {
            "icon-image": ["concat", "ev-", ["get", "fam"], "-", ["get", "st"]],
            "icon-allow-overlap": true,
            "icon-ignore-placement": true,
            "icon-size": ["interpolate", ["linear"], ["zoom"], 4, 0.85, 10, 1.1],
          },
        },
        {
          id: "selected",
          type: "circle",
          source: "selected",
          paint: {
            "circle-radius": 14,
            "circle-color": "rgba(0,0,0,0)",
            "circle-stroke-color": "#f0a500",
            "circle-stroke-width": 3,
          },
        },
      ],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
  map.addControl(
    new maplibregl.AttributionControl({
      compact: true,
      customAttribution: "Natural Earth · geoBoundaries (CC BY 4.0) · names: OCHA COD-AB, GeoNames (CC BY 4.0)",
    }),
  );
  map.on("error", (e) => {
    const message = e && e.error && e.error.message ? e.error.message : "map error";
    $("map-status").textContent = `Map: ${message}`;
  });
  mapReady = new Promise((resolve) => {
    map.on("load", () => {
      addMarkerImages();
      wireMapEvents();
      wirePlaceLabels();
      resolve(map);
    });
  });
}

function addMarkerImages() {
  const ratio = 2;
  const size = 22;
  for (const [family] of FAMILIES) {
    for (const status of [...Object.keys(STATUS_COLOR), "unknown"]) {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = size * ratio;
      const ctx = canvas.getContext("2d");
      ctx.scale(ratio, ratio);
      drawMarker(ctx, family, STATUS_COLOR[status] || UNKNOWN_COLOR, size);
      const img = ctx.getImageData(0, 0, size * ratio, size * ratio);
      map.addImage(`ev-${family}-${status}`, { width: img.width, height: img.height, data: img.data }, { pixelRatio: ratio });
    }
  }
}

function wireMapEvents() {
  for (const layer of ["points", "clusters"]) {
    map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
  }
  map.on("click", "clusters", async (e) => {
    const f = e.features && e.features[0];
    if (!f) return;
    const src = map.getSource("events");
    try {
      const zoom = await src.getClusterExpansionZoom(f.properties.cluster_id);
      if (zoom > map.getMaxZoom() || zoom <= map.getZoom()) {
        const leaves = await src.getClusterLeaves(f.properties.cluster_id, 50, 0);
        showPick(f.geometry.coordinates, leaves, f.properties.point_count);
      } else {
        map.easeTo({ center: f.geometry.coordinates, zoom });
      }
    } catch {
      /* the cluster went away with new data */
    }
  });
  map.on("click", "points", (e) => {
    const feats = e.features || [];
    const seen = new Map();
    for (const f of feats) seen.set(f.properties.id, f);
    const unique = [...seen.values()];
    if (unique.length === 1) openCard(unique[0].properties.id, { focus: false, fly: false });
    else if (unique.length > 1) showPick(e.lngLat, unique, unique.length);
  });
  map.on("mousemove", "points", (e) => {
    const f = e.features && e.features[0];
    if (!f) return;
    const p = f.properties;
    if (!hoverPopup) hoverPopup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 12 });
    hoverPopup
      .setLngLat(f.geometry.coordinates)
      .setDOMContent(
        el(
          "div",
          {},
          el("strong", {}, p.place || "(no place)"),
          el("br"),
          dateRange(p.first, p.last),
          " · ",
          STATUS_LABEL[p.st] || p.st,
        ),
      )
      .addTo(map);
  });
  map.on("mouseleave", "points", () => hoverPopup && hoverPopup.remove());
  map.on("render", () => {
    if (map.getSource("events") && map.isSourceLoaded("events")) updateClusterLabels();
  });
}

// ----------------------------------------------------------------- place names as the user zooms

/** Settlement names (static/basemap/places.json: [name, lon, lat, population], largest first,
 *  from the gazetteer) as HTML labels: the style has no glyphs, so nothing is downloaded. The
 *  larger the zoom the smaller the places named; at most PLACE_LABELS at a time, largest first. */
const PLACE_LABELS = 60;
const placeLabels = new Map(); // name|lon|lat -> marker shown
let places = null;

function minPopulation(zoom) {
  if (zoom < 5.5) return 400000;
  if (zoom < 6.5) return 100000;
  if (zoom < 7.5) return 25000;
  if (zoom < 8.5) return 8000;
  if (zoom < 9.5) return 3000;
  return 1000;
}

function updatePlaceLabels() {
  if (!places) return;
  const bounds = map.getBounds();
  const floor = minPopulation(map.getZoom());
  const wanted = new Set();
  for (const [name, lon, lat, pop] of places) {
    if (pop < floor) break; // largest first
    if (!bounds.contains([lon, lat])) continue;
    const key = `${name}|${lon}|${lat}`;
    wanted.add(key);
    if (!placeLabels.has(key)) {
      const label = el("div", { class: "place-label", "data-testid": "place-label" }, name);
      placeLabels.set(key, new maplibregl.Marker({ element: label, anchor: "left", offset: [4, 0] }).setLngLat([lon, lat]).addTo(map));
    }
    if (wanted.size >= PLACE_LABELS) break;
  }
  for (const [key, marker] of placeLabels) {
    if (!wanted.has(key)) {
      marker.remove();
      placeLabels.delete(key);
    }
  }
  document.body.dataset.placeLabels = String(placeLabels.size);
}

function wirePlaceLabels() {
  fetch(new URL("static/basemap/places.json", document.baseURI).href)
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`places ${r.status}`))))
    .then((rows) => {
      places = Array.isArray(rows) ? rows.filter((r) => Array.isArray(r) && r.length === 4) : [];
      updatePlaceLabels();
      map.on("moveend", updatePlaceLabels);
    })
    .catch(() => {}); // the map works without names
}

/** A popup listing events that share a spot (a cluster that no zoom splits). */
function showPick(lngLat, features, total) {
  if (pickPopup) pickPopup.remove();
  const list = el("ul", { class: "pick", "aria-label": "Events here" });
  for (const f of features) {
    const p = f.properties;
    const b = el(
      "button",
      { type: "button" },
      markerCanvas(p.fam, p.st, 12),
      " ",
      p.place || "(no place)",
      " · ",
      dateRange(p.first, p.last),
    );
    b.addEventListener("click", () => {
      pickPopup.remove();
      openCard(p.id, { focus: true, fly: false });
    });
    list.append(el("li", {}, b));
  }
  const body = el("div", {}, el("div", {}, el("strong", {}, plural(total, "event")), total > features.length ? ` (first ${features.length})` : ""), list);
  pickPopup = new maplibregl.Popup({ closeButton: true, maxWidth: "320px" }).setLngLat(lngLat).setDOMContent(body).addTo(map);
  const first = list.querySelector("button");
  if (first) first.focus();
}

/** Counts on the clusters as HTML markers (the style has no glyphs: nothing is downloaded). */
function updateClusterLabels() {
  const seen = new Set();
  for (const f of map.querySourceFeatures("events", { filter: ["has", "point_count"] })) {
    const p = f.properties;
    if (!p || !p.cluster) continue;
    const id = p.cluster_id;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!clusterLabels.has(id)) {
      const count = p.point_count >= 10000 ? `${Math.round(p.point_count / 1000)}k` : String(p.point_count);
      const marker = new maplibregl.Marker({ element: el("div", { class: "cluster-label" }, count) }).setLngLat(
        f.geometry.coordinates,
      );
      marker.addTo(map);
      clusterLabels.set(id, marker);
    }
  }
  for (const [id, marker] of clusterLabels) {
    if (!seen.has(id)) {
      marker.remove();
      clusterLabels.delete(id);
    }
  }
}

function clearClusterLabels() {
  for (const marker of clusterLabels.values()) marker.remove();
  clusterLabels.clear();
}

function showSelected(ev) {
  if (!map) return;
  mapReady.then(() => {
    const src = map.getSource("selected");
    const feats =
      ev && ev.place && Number.isFinite(ev.place.lon) && Number.isFinite(ev.place.lat)
        ? [{ type: "Feature", geometry: { type: "Point", coordinates: [ev.place.lon, ev.place.lat] }, properties: {} }]
        : [];
    src.setData({ type: "FeatureCollection", features: feats });
  }, () => {});
}

function flyTo(ev) {
  if (!map || !ev || !ev.place || !Number.isFinite(ev.place.lon) || !Number.isFinite(ev.place.lat)) return;
  mapReady.then(() => {
    map.easeTo({ center: [ev.place.lon, ev.place.lat], zoom: Math.max(map.getZoom(), 8), duration: 600 });
  }, () => {});
}

// --------------------------------------------------------------------------------- the events behind the map and the timeline

// Every event that matches the filters other than the dates, loaded page by page: the timeline
// shows them all, and the map shows those whose span overlaps the chosen dates (as the API's
// since/until do), so moving the brush needs no new request.
const base = { events: [], total: 0, loading: false, controller: null, min: null, max: null };

async function loadBase() {
  if (base.controller) base.controller.abort();
  const controller = new AbortController();
  base.controller = controller;
  base.events = [];
  base.total = 0;
  base.loading = true;
  document.body.dataset.mapState = "loading";
  const params = filterParams(state.filters, { dates: false });
  params.set("limit", String(MAP_PAGE));
  let offset = 0;
  let lastDraw = 0;
  try {
    for (;;) {
      params.set("offset", String(offset));
      const page = await getJSON(`api/events?${params}`, controller.signal);
      if (controller.signal.aborted) return;
      base.total = page.total;
      for (const ev of page.items) base.events.push(compact(ev));
      offset += page.items.length;
      const done = offset >= page.total || page.items.length === 0 || offset >= MAP_MAX;
      if (done || performance.now() - lastDraw > 700) {
        lastDraw = performance.now();
        if (!document.body.dataset.mapFirstMs) document.body.dataset.mapFirstMs = String(Math.round(lastDraw));
        baseChanged(done);
      }
      if (done) break;
      $("map-status").textContent = `Loading events for the map: ${n(offset)} of ${n(page.total)}…`;
    }
    base.loading = false;
    document.body.dataset.mapState = "ready";
    document.body.dataset.mapMs = String(Math.round(performance.now()));
    baseChanged(true);
  } catch (e) {
    if (isAbort(e)) return;
    base.loading = false;
    document.body.dataset.mapState = "error";
    $("map-status").textContent = `Could not load events for the map: ${e.message}`;
  }
}

function compact(ev) {
  const place = ev.place || {};
  return {
    id: String(ev.event_id),
    st: statusKey(ev.status),
    fam: famKey(ev.family),
    place: place.name || "",
    lat: Number.isFinite(place.lat) ? place.lat : null,
    lon: Number.isFinite(place.lon) ? place.lon : null,
    first: ev.first_date || "",
    last: ev.last_date || ev.first_date || "",
    d0: toDay(ev.first_date),
  };
}

function baseChanged(final) {
  let min = null;
  let max = null;
  for (const e of base.events) {
    if (e.d0 === null) continue;
    if (min === null || e.d0 < min) min = e.d0;
    const d1 = toDay(e.last) ?? e.d0;
    if (max === null || d1 > max) max = d1;
  }
  base.min = min;
  base.max = max;
  brush.setData(base.events, min, max);
  applyRange();
  if (final) scheduleFront();
}

/** The map shows the loaded events that overlap since..until (the API's rule for events). */
function applyRange() {
  const { since, until } = state.filters;
  const feats = [];
  let unplaced = 0;
  let inRange = 0;
  for (const e of base.events) {
    if (since && !(e.last && e.last >= since)) continue;
    if (until && !(e.first && e.first <= until)) continue;
    inRange++;
    if (e.lat === null || e.lon === null) {
      unplaced++;
      continue;
    }
    feats.push({
      type: "Feature",
      geometry: { type: "Point", coordinates: [e.lon, e.lat] },
      properties: { id: e.id, st: e.st, fam: e.fam, place: e.place, first: e.first, last: e.last },
    });
  }
  document.body.dataset.mapEvents = String(feats.length);
  if (!base.loading && !mapError) {
    const capped = base.total > base.events.length ? ` (the first ${n(base.events.length)} of ${n(base.total)} loaded)` : "";
    $("map-status").textContent =
      `${plural(feats.length, "event")} on the map` + (unplaced ? `, ${n(unplaced)} without a place` : "") + capped;
  }
  if (!map) return;
  mapReady.then(() => {
    clearClusterLabels();
    map.getSource("events").setData({ type: "FeatureCollection", features: feats });
  }, () => {});
  return inRange;
}

// --------------------------------------------------------------------------------- the timeline and its brush

class Brush {
  constructor(wrap, canvas) {
    this.wrap = wrap;
    this.canvas = canvas;
    this.counts = new Map();
    this.min = null;
    this.max = null;
    this.undated = 0;
    this.range = null; // [day0, day1] while the brush is shown
    this.drag = null;
    this.pad = { l: 34, r: 10, t: 6, b: 18 };
    new ResizeObserver(() => this.draw()).observe(wrap);
    wrap.addEventListener("pointerdown", (e) => this.down(e));
    wrap.addEventListener("pointermove", (e) => this.move(e));
    wrap.addEventListener("pointerup", (e) => this.up(e));
    wrap.addEventListener("pointercancel", () => (this.drag = null));
    wrap.addEventListener("keydown", (e) => this.key(e));
  }

  setData(events, min, max) {
    this.counts = new Map();
    this.undated = 0;
    for (const e of events) {
      if (e.d0 === null) this.undated++;
      else this.counts.set(e.d0, (this.counts.get(e.d0) || 0) + 1);
    }
    this.min = min;
    this.max = max;
    this.syncFromState();
  }

  /** The domain: the data's days, widened to show a chosen range outside them. */
  domain() {
    let lo = this.min;
    let hi = this.max;
    const s = toDay(state.filters.since);
    const u = toDay(state.filters.until);
    for (const d of [s, u]) {
      if (d === null) continue;
      lo = lo === null ? d : Math.min(lo, d);
      hi = hi === null ? d : Math.max(hi, d);
    }
    if (lo === null) return null;
    if (hi - lo < 6) hi = lo + 6; // at least a week wide
    return [lo, hi];
  }

  syncFromState() {
    const s = toDay(state.filters.since);
    const u = toDay(state.filters.until);
    const dom = this.domain();
    if (s === null && u === null) this.range = null;
    else this.range = [s ?? (dom ? dom[0] : u), u ?? (dom ? dom[1] : s)];
    this.draw();
    this.describe();
  }

  describe() {
    const text = this.range ? `${toIso(this.range[0])} to ${toIso(this.range[1])}` : "all dates";
    const dom = this.domain();
    this.wrap.setAttribute("aria-valuemin", "0");
    this.wrap.setAttribute("aria-valuemax", String(dom ? dom[1] - dom[0] : 0));
    this.wrap.setAttribute("aria-valuenow", String(this.range && dom ? this.range[1] - dom[0] : dom ? dom[1] - dom[0] : 0));
    this.wrap.setAttribute("aria-valuetext", text);
    $("timeline-range").textContent = this.range ? `${text} (${plural(this.range[1] - this.range[0] + 1, "day")})` : "";
    $("brush-clear").hidden = !this.range;
    const dated = [...this.counts.values()].reduce((a, b) => a + b, 0);
    $("timeline-label").textContent =
      `Events per day (by first date): ${n(dated)}` + (this.undated ? `, ${n(this.undated)} undated` : "");
  }

  geometry() {
    const w = this.wrap.clientWidth;
    const h = this.wrap.clientHeight;
    const { l, r, t, b } = this.pad;
    return { w, h, x0: l, x1: Math.max(l + 10, w - r), y0: t, y1: Math.max(t + 10, h - b) };
  }

  xOf(day, g, dom) {
    return g.x0 + ((day - dom[0]) / (dom[1] - dom[0] + 1)) * (g.x1 - g.x0);
  }

  dayAt(clientX) {
    const dom = this.domain();
    if (!dom) return null;
    const g = this.geometry();
    const rect = this.wrap.getBoundingClientRect();
    const x = Math.min(Math.max(clientX - rect.left, g.x0), g.x1 - 0.01);
    return dom[0] + Math.floor(((x - g.x0) / (g.x1 - g.x0)) * (dom[1] - dom[0] + 1));
  }

  draw() {
    const g = this.geometry();
    const ratio = window.devicePixelRatio || 1;
    const c = this.canvas;
    if (!g.w || !g.h) return;
    c.width = Math.round(g.w * ratio);
    c.height = Math.round(g.h * ratio);
    const ctx = c.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, g.w, g.h);
    ctx.font = "11px system-ui, sans-serif";
    const dom = this.domain();
    if (!dom) {
      ctx.fillStyle = "#5c6670";
      ctx.fillText(base.loading ? "loading…" : "no dated events", g.x0, g.y1 - 8);
      return;
    }
    const days = dom[1] - dom[0] + 1;
    const pxPerDay = (g.x1 - g.x0) / days;
    const per = Math.max(1, Math.ceil(1.5 / pxPerDay)); // days per bar so a bar is at least 1.5 px
    const bins = new Map();
    let top = 1;
    for (const [d, k] of this.counts) {
      if (d < dom[0] || d > dom[1]) continue;
      const b = Math.floor((d - dom[0]) / per);
      const v = (bins.get(b) || 0) + k;
      bins.set(b, v);
      if (v > top) top = v;
    }
    // axis and ticks
    ctx.strokeStyle = "#c5ccd3";
    ctx.beginPath();
    ctx.moveTo(g.x0, g.y1 + 0.5);
    ctx.lineTo(g.x1, g.y1 + 0.5);
    ctx.stroke();
    ctx.fillStyle = "#5c6670";
    ctx.textAlign = "right";
    ctx.fillText(n(top), g.x0 - 4, g.y0 + 9);
    ctx.fillText("0", g.x0 - 4, g.y1);
    ctx.textAlign = "left";
    this.ticks(ctx, g, dom);
    // bars
    const inRange = (d0, d1) => !this.range || (d1 >= this.range[0] && d0 <= this.range[1]);
    for (const [b, v] of bins) {
      const d0 = dom[0] + b * per;
      const x = this.xOf(d0, g, dom);
      const w = Math.max(1, pxPerDay * per - (pxPerDay * per > 3 ? 1 : 0));
      const h = Math.max(1, (v / top) * (g.y1 - g.y0));
      ctx.fillStyle = inRange(d0, d0 + per - 1) ? "#3d6e99" : "#b9c5d0";
      ctx.fillRect(x, g.y1 - h, w, h);
    }
    // the brush
    if (this.range) {
      const xa = this.xOf(this.range[0], g, dom);
      const xb = this.xOf(this.range[1] + 1, g, dom);
      ctx.fillStyle = "rgba(240,165,0,0.16)";
      ctx.fillRect(xa, g.y0, Math.max(2, xb - xa), g.y1 - g.y0);
      ctx.strokeStyle = "#c98a00";
      ctx.lineWidth = 2;
      ctx.strokeRect(xa, g.y0 + 1, Math.max(2, xb - xa), g.y1 - g.y0 - 1);
      ctx.lineWidth = 1;
    }
  }

  ticks(ctx, g, dom) {
    const days = dom[1] - dom[0] + 1;
    const width = g.x1 - g.x0;
    const maxTicks = Math.max(2, Math.floor(width / 70));
    const start = new Date(dom[0] * MS_DAY);
    let stepMonths = 0;
    let stepDays = 0;
    if (days / 30 > maxTicks) stepMonths = [1, 2, 3, 6, 12, 24, 60].find((m) => days / (30 * m) <= maxTicks) || 120;
    else if (days / 7 > maxTicks) stepMonths = 1;
    else stepDays = [1, 2, 7].find((k) => days / k <= maxTicks) || 7;
    const marks = [];
    if (stepMonths) {
      let y = start.getUTCFullYear();
      let m = start.getUTCMonth() + 1;
      if (m > 12) {
        m = 1;
        y++;
      }
      for (; ; m += stepMonths) {
        while (m > 12) {
          m -= 12;
          y++;
        }
        const d = Math.round(Date.UTC(y, m - 1, 1) / MS_DAY);
        if (d > dom[1]) break;
        if (d >= dom[0] && (m - 1) % stepMonths === 0) marks.push([d, stepMonths >= 12 ? String(y) : `${y}-${String(m).padStart(2, "0")}`]);
      }
    } else {
      for (let d = dom[0]; d <= dom[1]; d += stepDays) marks.push([d, toIso(d).slice(5)]);
    }
    ctx.fillStyle = "#5c6670";
    ctx.strokeStyle = "#c5ccd3";
    for (const [d, label] of marks) {
      const x = this.xOf(d, g, dom);
      ctx.beginPath();
      ctx.moveTo(x + 0.5, g.y1);
      ctx.lineTo(x + 0.5, g.y1 + 4);
      ctx.stroke();
      if (x + 40 < g.w) ctx.fillText(label, x + 2, g.h - 3);
    }
  }

  down(e) {
    if (e.button !== 0) return;
    const day = this.dayAt(e.clientX);
    if (day === null) return;
    this.wrap.setPointerCapture(e.pointerId);
    const inside = this.range && day >= this.range[0] && day <= this.range[1];
    this.drag = inside
      ? { mode: "move", grab: day, orig: [...this.range], x: e.clientX, moved: false }
      : { mode: "new", anchor: day, x: e.clientX, moved: false };
    if (!inside) {
      this.range = [day, day];
      this.draw();
    }
    e.preventDefault();
  }

  move(e) {
    if (!this.drag) return;
    if (Math.abs(e.clientX - this.drag.x) > 3) this.drag.moved = true;
    const day = this.dayAt(e.clientX);
    if (day === null) return;
    if (this.drag.mode === "new") {
      this.range = [Math.min(this.drag.anchor, day), Math.max(this.drag.anchor, day)];
    } else {
      const shift = day - this.drag.grab;
      this.range = [this.drag.orig[0] + shift, this.drag.orig[1] + shift];
    }
    this.draw();
    this.describe();
  }

  up(e) {
    if (!this.drag) return;
    const drag = this.drag;
    this.drag = null;
    this.wrap.releasePointerCapture?.(e.pointerId);
    if (!drag.moved) {
      // a click: on the chart, clear the dates; keep them when clicking inside the brush
      if (drag.mode === "new") this.commit(null);
      else this.syncFromState();
      return;
    }
    this.commit(this.range);
  }

  key(e) {
    const dom = this.domain();
    if (!dom) return;
    const step = e.shiftKey ? 7 : 1;
    let r = this.range ? [...this.range] : null;
    const ensure = () => r || [Math.max(dom[0], dom[1] - 6), dom[1]];
    switch (e.key) {
      case "ArrowLeft":
        r = ensure();
        if (this.range) r = [r[0] - step, r[1] - step];
        break;
      case "ArrowRight":
        r = ensure();
        if (this.range) r = [r[0] + step, r[1] + step];
        break;
      case "ArrowUp":
        r = ensure();
        if (this.range) r = [r[0], r[1] + step];
        break;
      case "ArrowDown":
        r = ensure();
        if (this.range) r = [r[0], Math.max(r[0], r[1] - step)];
        break;
      case "Home":
        r = ensure();
        r = [dom[0], dom[0] + (r[1] - r[0])];
        break;
      case "End":
        r = ensure();
        r = [dom[1] - (r[1] - r[0]), dom[1]];
        break;
      case "Escape":
      case "Delete":
      case "Backspace":
        if (!this.range) return; // Escape then closes the card, as anywhere
        e.preventDefault();
        e.stopPropagation();
        this.commit(null);
        return;
      default:
        return;
    }
    e.preventDefault();
    this.range = r;
    this.draw();
    this.describe();
    clearTimeout(this.keyTimer);
    this.keyTimer = setTimeout(() => this.commit(this.range), 350);
  }

  commit(range) {
    this.range = range;
    setFilters(range ? { since: toIso(range[0]), until: toIso(range[1]) } : { since: "", until: "" });
  }
}

let brush = null;

// --------------------------------------------------------------------------------- the front line

let frontAvailable = true;
let frontTimer = null;
let frontController = null;

function scheduleFront() {
  clearTimeout(frontTimer);
  frontTimer = setTimeout(loadFront, 300);
}

/** The control front of the brushed end date (or the last day with events). */
async function loadFront() {
  if (!frontAvailable || !map) return;
  const day = state.filters.until || (base.max !== null ? toIso(base.max) : "");
  if (!day) return;
  if (frontController) frontController.abort();
  const controller = new AbortController();
  frontController = controller;
  let data = { type: "FeatureCollection", features: [] };
  let label = "";
  try {
    data = await getJSON(`api/control?date=${encodeURIComponent(day)}`, controller.signal);
    const props = (data.features && data.features[0] && data.features[0].properties) || {};
    const areas = data.features.filter((f) => f.properties && f.properties.kind === "area").length;
    label = `front line${areas ? " and held areas" : ""}, ${props.map || "map"} of ${props.date || day}`;
  } catch (e) {
    if (isAbort(e)) return;
    if (e.status === 404 && /no control maps/.test(e.message)) frontAvailable = false;
    label = frontAvailable ? `front line: none within 45 days before ${day}` : "";
  }
  $("legend-front").hidden = !label;
  $("legend-front-text").textContent = label;
  document.body.dataset.front = data.features.length ? String(data.features[0].properties?.date || "") : "";
  document.body.dataset.areas = String(data.features.filter((f) => f.properties?.kind === "area").length);
  mapReady.then(() => map.getSource("front").setData(data), () => {});
}

// --------------------------------------------------------------------------------- the list

const list = { shown: 0, total: 0, controller: null, ids: [] };

async function loadList(reset = true) {
  if (list.controller) list.controller.abort();
  const controller = new AbortController();
  list.controller = controller;
  if (reset) {
    list.shown = 0;
    list.ids = [];
    document.body.dataset.listState = "loading";
    $("count").textContent = "Loading events…";
  }
  const params = filterParams(state.filters);
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String(list.shown));
  const more = $("more");
  more.disabled = true;
  try {
    const page = await getJSON(`api/events?${params}`, controller.signal);
    if (controller.signal.aborted) return;
    const ul = $("list");
    if (reset) ul.replaceChildren();
    for (const ev of page.items) {
      ul.append(listItem(ev));
      list.ids.push(ev.event_id);
    }
    list.shown += page.items.length;
    list.total = page.total;
    $("count").textContent =
      page.total === 0
        ? "No events match these filters."
        : `Showing ${n(list.shown)} of ${plural(page.total, "event")}`;
    more.hidden = list.shown >= page.total;
    more.disabled = false;
    more.textContent = `Show ${n(Math.min(PAGE_SIZE, page.total - list.shown))} more`;
    updateDownloads();
    markCurrent();
    document.body.dataset.listState = "ready";
    if (reset && !document.body.dataset.listMs) document.body.dataset.listMs = String(Math.round(performance.now()));
  } catch (e) {
    if (isAbort(e)) return;
    more.disabled = false;
    document.body.dataset.listState = "error";
    $("count").textContent = `Could not load events: ${e.message}`;
  }
}

function listItem(ev) {
  const place = ev.place || {};
  const status = statusKey(ev.status);
  const li = el(
    "li",
    {
      class: "item",
      tabindex: "0",
      "data-testid": "event-item",
      "data-event-id": ev.event_id,
      "aria-label": `${place.name || "no place"}, ${dateRange(ev.first_date, ev.last_date)}, ${STATUS_LABEL[status] || status}`,
    },
    markerCanvas(ev.family, status),
    el("span", { class: "item-place" }, place.name || "(no place)"),
    el("span", { class: "item-dates" }, dateRange(ev.first_date, ev.last_date)),
    el(
      "span",
      { class: "item-meta" },
      el("span", { class: "badge", "data-status": status }, STATUS_LABEL[status] || ev.status || "?"),
      " ",
      [ev.family, ev.event_type].filter(Boolean).join(" · "),
      ` · ${plural(ev.n_claims || 0, "claim")}, ${plural(ev.n_sources || 0, "source")}`,
      ev.sides && ev.sides.length ? ` · ${ev.sides.join(", ")}` : "",
    ),
  );
  li.addEventListener("click", () => openCard(ev.event_id, { focus: true, fly: true, from: li }));
  li.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      openCard(ev.event_id, { focus: true, fly: true, from: li });
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = e.key === "ArrowDown" ? li.nextElementSibling : li.previousElementSibling;
      if (next) next.focus();
      else if (e.key === "ArrowDown" && !$("more").hidden) $("more").focus();
    }
  });
  return li;
}

function markCurrent() {
  for (const li of $("list").children) {
    if (li.dataset.eventId === state.event) li.setAttribute("aria-current", "true");
    else li.removeAttribute("aria-current");
  }
}

function updateDownloads() {
  const p = filterParams(state.filters);
  p.set("limit", String(DL_LIMIT));
  for (const [id, format] of [
    ["dl-csv", "csv"],
    ["dl-geojson", "geojson"],
  ]) {
    p.set("format", format);
    $(id).href = `api/events?${p}`;
  }
  $("dl-note").textContent = list.total > DL_LIMIT ? `(first ${n(DL_LIMIT)} of ${n(list.total)})` : "";
}

// --------------------------------------------------------------------------------- the event card

const card = { id: "", controller: null, from: null };

async function openCard(id, { focus = true, fly = true, from = null } = {}) {
  if (!id) return;
  if (card.controller) card.controller.abort();
  const controller = new AbortController();
  card.controller = controller;
  card.id = id;
  card.from = from;
  state.event = id;
  writeUrl();
  markCurrent();
  const section = $("card");
  const body = $("card-body");
  section.hidden = false;
  section.dataset.state = "loading";
  $("card-title").textContent = "Loading…";
  body.replaceChildren();
  if (focus) $("card-title").focus();
  let story;
  try {
    story = await getJSON(`api/events/${encodeURIComponent(id)}`, controller.signal);
  } catch (e) {
    if (isAbort(e)) return;
    section.dataset.state = "error";
    $("card-title").textContent = "Event not found";
    body.replaceChildren(el("p", {}, e.message));
    return;
  }
  if (controller.signal.aborted) return;
  if (story.event_id !== id) {
    // an id merged into another event: the URL keeps the event's own id
    state.event = story.event_id;
    card.id = story.event_id;
    writeUrl();
    markCurrent();
  }
  renderCard(story);
  section.dataset.state = "ready";
  showSelected(story);
  if (fly) flyTo(story);
  lookUpClaims(story, controller.signal);
}

function closeCard() {
  const section = $("card");
  if (section.hidden) return;
  if (card.controller) card.controller.abort();
  section.hidden = true;
  const id = card.id;
  card.id = "";
  state.event = "";
  writeUrl();
  markCurrent();
  showSelected(null);
  const back = card.from && card.from.isConnected ? card.from : $("list").querySelector(`[data-event-id="${CSS.escape(id)}"]`);
  card.from = null;
  if (back) back.focus();
  else if (map) map.getCanvas().focus();
}

function facts(rows) {
  const dl = el("dl", { class: "facts" });
  for (const [k, v] of rows) {
    if (v === null || v === undefined || v === "") continue;
    dl.append(el("dt", {}, k), el("dd", {}, v));
  }
  return dl;
}

function badge(status) {
  const s = statusKey(status);
  return el("span", { class: "badge", "data-status": s }, STATUS_LABEL[s] || status || "?");
}

function longList(items, render, first = 8) {
  const ul = el("ul");
  items.slice(0, first).forEach((x) => ul.append(el("li", {}, render(x))));
  if (items.length <= first) return ul;
  const rest = el("ul");
  items.slice(first).forEach((x) => rest.append(el("li", {}, render(x))));
  return el("div", {}, ul, el("details", {}, el("summary", {}, `${n(items.length - first)} more`), rest));
}

function renderCard(story) {
  const place = story.place || {};
  $("card-title").textContent = `${place.name || "(no place)"} · ${dateRange(story.first_date, story.last_date)}`;
  const body = $("card-body");
  const where =
    Number.isFinite(place.lat) && Number.isFinite(place.lon)
      ? `${place.lat.toFixed(4)}, ${place.lon.toFixed(4)}`
      : "no coordinates";
  body.append(
    facts([
      ["Status", badge(story.status)],
      ["Event", [story.family, story.event_type].filter(Boolean).join(" · ")],
      ["Place", [place.name || "(none)", place.admin1 ? ` (${place.admin1})` : "", ` · ${where}`]],
      ["Dates", dateRange(story.first_date, story.last_date)],
      ["Sides", (story.sides || []).join(", ") || "none"],
      ["Attacker", story.attacker_side || ""],
      ["Reports", `${plural(story.n_claims || 0, "claim")} from ${plural(story.n_sources || 0, "independent source")}`],
      ["Id", story.event_id],
      ["Merged ids", (story.aliases || []).join(", ")],
    ]),
  );
  const reasons = story.reasons || [];
  body.append(el("h3", {}, "Why this status"));
  body.append(reasons.length ? longList(reasons, (r) => r) : el("p", {}, "Nothing beyond a single report."));
  const contradictions = story.contradictions || [];
  if (contradictions.length) {
    body.append(el("h3", {}, `Contradictions (${n(contradictions.length)})`));
    body.append(longList(contradictions, (c) => [el("strong", {}, c.kind || ""), ": ", c.explanation || `${c.claim_a} vs ${c.claim_b}`]));
  }
  const claims = story.claims || [];
  body.append(
    el("h3", {}, `Claims (${n(claims.length)})`),
    el(
      "p",
      { class: "marks-key" },
      "Highlighted in the evidence: ",
      el("mark", { class: "m-trigger" }, "what happened"),
      " ",
      el("mark", { class: "m-location" }, "place"),
      " ",
      el("mark", { class: "m-date" }, "date"),
    ),
  );
  for (const c of claims) body.append(claimBlock(c));
}

function claimBlock(c) {
  const when = c.date ? c.date : `undated (published ${c.published || "?"})`;
  const head = el(
    "div",
    { class: "claim-head" },
    el("strong", {}, when),
    el("span", {}, c.action || ""),
    c.claim_status === "superseded" ? el("span", {}, `superseded by ${c.superseded_by || "a later claim"}`) : null,
    c.map_check ? el("span", {}, `map: ${c.map_check.replaceAll("_", " ")}`) : null,
  );
  const evidence = el("p", { class: "evidence", "data-testid": "evidence" }, c.evidence || "");
  const flags = el("span", { class: "flags" }, el("span", { class: "note" }, "…"));
  const copies = (c.copies || []).map((k) => [k.source || k.doc_id || "?", k.published ? ` (${k.published})` : ""]);
  const block = el(
    "article",
    { class: "claim", "data-claim-id": c.claim_id, "data-claim-status": c.claim_status || "active" },
    head,
    evidence,
    facts([
      ["Claimant", [c.claimant || "the outlet itself", ` (${c.claimant_side || "unknown"})`]],
      ["Verification", [c.verification || "unverified", c.hedged ? " · hedged" : ""]],
      ["Flags", flags],
      ["Outlet", [c.source || "(unknown outlet)", c.published ? ` · published ${c.published}` : ""]],
      ["URL", c.url ? link(c.url) : ""],
      ["Document", c.doc_id],
      ["Copies", copies.length ? copies.map((x, i) => [i ? "; " : "", ...x]) : ""],
      ["Fatalities", c.fatalities ?? ""],
      ["Origin", c.origin ?? ""],
      ["Claim", c.claim_id],
    ]),
  );
  block.fwParts = { evidence, flags };
  return block;
}

/** Each claim's full record (its spans and flags) from /api/claims: the story has the sentence
 * but not the spans. One request per 200 claims of the event, by their ids. */
async function lookUpClaims(story, signal) {
  const blocks = [...$("card-body").querySelectorAll("article.claim")];
  const byId = new Map(blocks.map((b) => [b.dataset.claimId, b]));
  const claims = (story.claims || []).filter((c) => byId.has(c.claim_id));
  const records = new Map();
  for (let i = 0; i < claims.length && !signal.aborted; i += 200) {
    const p = new URLSearchParams();
    for (const c of claims.slice(i, i + 200)) p.append("claim_id", c.claim_id);
    p.set("limit", "1000");
    try {
      const page = await getJSON(`api/claims?${p}`, signal);
      for (const it of page.items || []) records.set(it.claim_id, it);
    } catch (e) {
      if (isAbort(e)) return;
    }
  }
  if (signal.aborted) return;
  for (const c of claims) upgradeClaim(byId.get(c.claim_id), c, records.get(c.claim_id) || null);
  $("card").dataset.claims = "ready";
}

function upgradeClaim(block, c, record) {
  const { evidence, flags } = block.fwParts;
  if (!record) {
    flags.replaceChildren(el("span", { class: "note" }, "(record not found)"));
    return;
  }
  const fl = Array.isArray(record.flags) ? record.flags : [];
  flags.replaceChildren(...(fl.length ? fl.map((f) => el("span", { class: "flag" }, String(f))) : [el("span", { class: "note" }, "none")]));
  const ev = record.evidence || {};
  const sentence = typeof ev.sentence === "string" ? ev.sentence : c.evidence || "";
  evidence.replaceChildren(markedSentence(sentence, ev));
}

const MARKED = [
  ["trigger", "m-trigger", "what happened"],
  ["location", "m-location", "place"],
  ["date", "m-date", "date"],
];

/** The sentence with the trigger, place and date spans in <mark> elements (as text nodes).
 * Spans carry offsets into the document (docs/formats.md), so the sentence's own start is taken
 * off; offsets count code points (Python's), hence Array.from. A span whose text is not where
 * its offsets say is looked for in the sentence; one not found is left out. */
function markedSentence(sentence, evidence) {
  const cps = Array.from(sentence);
  const spans = (evidence && evidence.spans) || {};
  const start = Number.isInteger(evidence && evidence.start) ? evidence.start : 0;
  const ranges = [];
  for (const [name, cls, label] of MARKED) {
    const sp = spans[name];
    if (!sp || typeof sp.text !== "string" || !sp.text) continue;
    const at = locate(cps, sentence, sp, start);
    if (at) ranges.push({ ...at, name, cls, label });
  }
  const frag = document.createDocumentFragment();
  const cuts = [...new Set([0, cps.length, ...ranges.flatMap((r) => [r.start, r.end])])].sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i];
    const b = cuts[i + 1];
    const text = cps.slice(a, b).join("");
    const on = ranges.filter((r) => r.start <= a && r.end >= b);
    if (!on.length) frag.append(document.createTextNode(text));
    else
      frag.append(
        el(
          "mark",
          { class: on.map((r) => r.cls).join(" "), "data-span": on.map((r) => r.name).join(" "), title: on.map((r) => r.label).join(", ") },
          text,
        ),
      );
  }
  return frag;
}

function locate(cps, sentence, sp, start) {
  const len = Array.from(sp.text).length;
  for (const off of [sp.start - start, sp.start]) {
    if (Number.isInteger(off) && off >= 0 && off + len <= cps.length && cps.slice(off, off + len).join("") === sp.text) {
      return { start: off, end: off + len };
    }
  }
  const i = sentence.indexOf(sp.text);
  if (i < 0) return null;
  const s = Array.from(sentence.slice(0, i)).length;
  return { start: s, end: s + len };
}

// --------------------------------------------------------------------------------- filters

const form = () => $("filters");

function fillForm() {
  const f = state.filters;
  $("f-q").value = f.q;
  for (const k of ["type", "side", "claimant_side", "status"]) {
    const select = $(`f-${k.replace("_", "-")}`);
    if (f[k] && ![...select.options].some((o) => o.value === f[k])) {
      select.append(el("option", { value: f[k] }, f[k])); // a value from a shared link
    }
    select.value = f[k];
  }
  $("f-since").value = f.since;
  $("f-until").value = f.until;
}

function formFilters() {
  const data = new FormData(form());
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, String(data.get(k) || "")]));
}

function setFilters(changes) {
  const next = cleanFilters({ ...state.filters, ...changes });
  const changed = FILTER_KEYS.filter((k) => next[k] !== state.filters[k]);
  if (!changed.length) {
    brush.syncFromState();
    return;
  }
  state.filters = next;
  writeUrl();
  fillForm();
  const datesOnly = changed.every((k) => k === "since" || k === "until");
  const listed = loadList(true);
  if (datesOnly) {
    brush.syncFromState();
    applyRange();
    scheduleFront();
  } else {
    listed.then(loadBase); // the list's first page first: it is what the eye goes to
  }
}

function wireFilters() {
  form().addEventListener("submit", (e) => {
    e.preventDefault();
    setFilters(formFilters());
  });
  for (const id of ["f-type", "f-side", "f-claimant-side", "f-status", "f-since", "f-until"]) {
    $(id).addEventListener("change", () => setFilters(formFilters()));
  }
  let timer = null;
  $("f-q").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => setFilters(formFilters()), 500);
  });
  $("f-reset").addEventListener("click", () => setFilters(Object.fromEntries(FILTER_KEYS.map((k) => [k, ""]))));
  $("brush-clear").addEventListener("click", () => setFilters({ since: "", until: "" }));
  $("more").addEventListener("click", () => loadList(false));
  $("card-close").addEventListener("click", closeCard);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$("card").hidden) {
      e.preventDefault();
      closeCard();
    }
  });
  window.addEventListener("popstate", () => {
    readUrl();
    fillForm();
    loadList(true).then(loadBase);
    if (state.event) openCard(state.event, { focus: false });
    else closeCard();
  });
}

function buildLegend() {
  const st = $("legend-status");
  for (const [k, label] of STATUSES) st.append(el("li", {}, markerCanvas("ground", k), label));
  const fam = $("legend-family");
  for (const [k, label] of FAMILIES) fam.append(el("li", {}, markerCanvas(k, "unknown"), label));
  if (window.matchMedia("(max-width: 860px)").matches) $("legend").open = false;
}

async function loadTypes() {
  try {
    const stats = await getJSON("api/stats");
    const group = $("f-type-acled");
    for (const t of Object.keys(stats.claims_by_event_type || {}).sort()) {
      if ([...$("f-type").options].some((o) => o.value === t)) continue;
      group.append(el("option", { value: t }, t));
    }
    $("f-type").value = state.filters.type;
  } catch {
    /* the families are enough */
  }
}

// --------------------------------------------------------------------------------- start

function start() {
  readUrl();
  writeUrl(); // what was not understood leaves the URL
  fillForm();
  buildLegend();
  brush = new Brush($("brush"), $("histogram"));
  wireFilters();
  updateDownloads();
  const listed = loadList(true); // the list's first page first, then the map's thousands
  initMap();
  listed.then(loadBase);
  loadTypes();
  if (state.event) openCard(state.event, { focus: false, fly: true });
  // for tests and the console: the map and the page's state (read them, do not rely on them)
  window.frontwatchPage = { map, state };
}

start();
