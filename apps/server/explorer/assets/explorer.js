// The nhood atlas explorer's map page: neighbourhoods coloured by any
// indicator (quintile classes from the server), hot spots, double
// disadvantage and LSOA boundaries as layers, geometry simplified per zoom
// band and LSOAs fetched per local authority in view; search; the selected
// neighbourhood's summary with a link to its profile. State for tests and
// timing is on window.nhoodExplorer.
(function () {
  'use strict';
  var root = document.getElementById('explorer');
  var slug = root.getAttribute('data-atlas');
  var state = window.nhoodExplorer = {
    firstPaintMs: null, band: null, zoom: null, neighbourhoods: 0, lsoaFeatures: 0,
    selected: null, highlightedLsoa: null, errors: [], ready: false
  };
  function api(path, extra) {
    return '/api/v1/atlas' + path + '?atlas=' + encodeURIComponent(slug) + (extra || '');
  }
  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
      return r.json();
    });
  }
  function say(text) {
    var box = document.getElementById('selected');
    box.innerHTML = '';
    var p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = text;
    box.appendChild(p);
    state.errors.push(text);
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(v) {
    if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) return 'no value';
    var a = Math.abs(v);
    if (a >= 1000) return Math.round(v).toLocaleString('en-GB');
    if (v === Math.round(v)) return String(v);
    if (a >= 100) return v.toFixed(1);
    return Number(v.toPrecision(3)).toString();
  }

  var map = L.map('map', { preferCanvas: true, minZoom: 5, maxZoom: 16, attributionControl: false });
  var meta = null, indicator = null;
  // Neighbourhoods: the whole extent below the LSOA band, else one layer per
  // local authority in view (nbCache), all inside nbGroup.
  var nbGroup = L.featureGroup().addTo(map), nbCache = {}, nbLoading = {};
  var hotLayer = null, ddLayer = null;
  var lsoaGroup = L.layerGroup().addTo(map);
  var lsoaCache = {};  // "LA/band" -> L.GeoJSON
  var loading = {};
  // Viridis, light to dark: the darkest class is the worst.
  var COLOURS = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'];
  var NO_VALUE = '#d0d0d0';

  function bandOf(zoom) {
    var b = 0;
    for (var i = 0; i < meta.zoom_bands.length; i++) if (zoom >= meta.zoom_bands[i].min_zoom) b = i;
    return b;
  }
  function bandZoom(b) { return meta.zoom_bands[b].min_zoom; }
  function classOf(v) {
    if (typeof v !== 'number' || !indicator || !indicator.breaks.length) return -1;
    var k = 0;
    while (k < indicator.breaks.length && v > indicator.breaks[k]) k++;
    return indicator.higher_is_worse ? k : indicator.breaks.length - k;
  }
  function fillFor(props) {
    var k = classOf(props[indicator ? indicator.key : '']);
    return k < 0 ? NO_VALUE : COLOURS[k];
  }
  function nbStyle(f) {
    var sel = state.selected === f.id;
    return { color: sel ? '#ff6a00' : '#ffffff', weight: sel ? 3 : 0.6, fillColor: fillFor(f.properties), fillOpacity: 0.85 };
  }
  function legend() {
    var box = document.getElementById('legend');
    box.innerHTML = '';
    if (!indicator) return;
    var b = indicator.breaks;
    if (!b.length) { box.appendChild(el('p', { 'class': 'small' }, 'No values to colour.')); return; }
    var edges = [null].concat(b).concat([null]);
    for (var i = 0; i < edges.length - 1; i++) {
      var k = indicator.higher_is_worse ? i : b.length - i;
      var label = edges[i] === null ? 'up to ' + fmt(edges[i + 1]) :
                  edges[i + 1] === null ? 'over ' + fmt(edges[i]) : fmt(edges[i]) + ' to ' + fmt(edges[i + 1]);
      var row = el('div', { 'class': 'legend-row' });
      var sw = el('span', { 'class': 'swatch', 'aria-hidden': 'true' });
      sw.style.background = COLOURS[k];
      row.appendChild(sw);
      row.appendChild(el('span', {}, label + (k === b.length ? ' (worst fifth)' : k === 0 ? ' (best fifth)' : '')));
      box.appendChild(row);
    }
    var none = el('div', { 'class': 'legend-row' });
    var s2 = el('span', { 'class': 'swatch', 'aria-hidden': 'true' });
    s2.style.background = NO_VALUE;
    none.appendChild(s2);
    none.appendChild(el('span', {}, 'no value'));
    box.appendChild(none);
    if (indicator.england !== null) box.appendChild(el('p', { 'class': 'small' }, 'England: ' + fmt(indicator.england)));
  }
  function showSelected(f) {
    var box = document.getElementById('selected');
    box.innerHTML = '';
    var p = f.properties;
    box.appendChild(el('h2', { id: 'selected-name' }, p.name || f.id));
    box.appendChild(el('p', {}, (p.local_authority_name || '') + ' · ' + fmt(p.population) + ' residents'));
    if (indicator) box.appendChild(el('p', {}, indicator.name + ': ' + fmt(p[indicator.key])));
    var links = el('p');
    var a = el('a', { href: '/atlas/neighbourhoods/' + encodeURIComponent(f.id) + '?atlas=' + encodeURIComponent(slug), id: 'profile-link' }, 'Open the profile');
    links.appendChild(a);
    links.appendChild(document.createTextNode(' · '));
    links.appendChild(el('a', { href: '/atlas/compare?atlas=' + encodeURIComponent(slug) + '&a=' + encodeURIComponent(f.id) }, 'Compare'));
    box.appendChild(links);
  }
  function eachNeighbourhood(fn) {
    nbGroup.eachLayer(function (g) { g.eachLayer(fn); });
  }
  function countNeighbourhoods() {
    var n = 0;
    eachNeighbourhood(function () { n++; });
    state.neighbourhoods = n;
  }
  function select(id) {
    state.selected = id;
    nbGroup.setStyle(nbStyle);
    eachNeighbourhood(function (l) { if (l.feature.id === id) showSelected(l.feature); });
  }
  function nbGeoJson(g) {
    return L.geoJSON(g, {
      style: nbStyle,
      onEachFeature: function (f, l) { l.on('click', function () { select(f.id); }); }
    });
  }
  // Per-authority neighbourhoods for the authorities in view (from the LSOA band).
  function updateNeighbourhoods() {
    var b = state.band;
    if (!meta || b < bandOf(meta.lsoa_min_zoom)) return Promise.resolve();
    var view = map.getBounds(), jobs = [], keep = {};
    meta.local_authorities.forEach(function (la) {
      if (!view.intersects(bounds(la.bbox))) return;
      var key = la.code + '/' + b;
      keep[key] = true;
      if (nbCache[key]) { if (!nbGroup.hasLayer(nbCache[key])) nbGroup.addLayer(nbCache[key]); return; }
      if (nbLoading[key]) { jobs.push(nbLoading[key]); return; }
      nbLoading[key] = getJson(api('/layers/neighbourhoods.geojson', '&zoom=' + bandZoom(b) + '&la=' + encodeURIComponent(la.code)))
        .then(function (g) {
          nbCache[key] = nbGeoJson(g);
          nbCache[key].nhoodKey = key;
          delete nbLoading[key];
          if (state.band === b && keep[key]) nbGroup.addLayer(nbCache[key]);
        });
      jobs.push(nbLoading[key]);
    });
    nbGroup.eachLayer(function (g) { if (!keep[g.nhoodKey]) nbGroup.removeLayer(g); });
    return Promise.all(jobs).then(function () {
      nbGroup.setStyle(nbStyle);
      countNeighbourhoods();
      if (state.selected) select(state.selected);
    });
  }
  function bounds(b) { return L.latLngBounds([b[1], b[0]], [b[3], b[2]]); }

  // The neighbourhoods paint first; the overlays follow.
  function loadBand(b) {
    state.band = b;
    var z = '&zoom=' + bandZoom(b);
    var wanted = b;
    var overlays = Promise.all([getJson(api('/layers/hotspots.geojson', z)),
                                getJson(api('/layers/double_disadvantage.geojson', z))]);
    var perAuthority = b >= bandOf(meta.lsoa_min_zoom);
    var whole = perAuthority ? Promise.resolve(null) : getJson(api('/layers/neighbourhoods.geojson', z));
    return whole.then(function (g) {
      if (state.band !== wanted) return;
      nbGroup.clearLayers();
      if (g) {
        var layer = nbGeoJson(g);
        layer.nhoodKey = 'all/' + b;
        nbGroup.addLayer(layer);
        countNeighbourhoods();
        if (state.selected) select(state.selected);
        return null;
      }
      return updateNeighbourhoods();
    }).then(function () {
      if (state.firstPaintMs === null) {
        requestAnimationFrame(function () {
          requestAnimationFrame(function () { state.firstPaintMs = performance.now(); });
        });
      }
      return overlays;
    }).then(function (r) {
      if (!r || state.band !== wanted) return;
      if (hotLayer) map.removeLayer(hotLayer);
      if (ddLayer) map.removeLayer(ddLayer);
      hotLayer = L.geoJSON(r[0], { interactive: false, style: { color: '#b10e1e', weight: 1.2, fillColor: '#b10e1e', fillOpacity: 0.35 } });
      ddLayer = L.geoJSON(r[1], { interactive: false, style: { color: '#ff6a00', weight: 2, fill: false, dashArray: '4 3' } });
      syncOverlays();
      requestAnimationFrame(function () { requestAnimationFrame(function () { state.ready = true; }); });
    });
  }
  function syncOverlays() {
    var hot = document.getElementById('layer-hotspots').checked, dd = document.getElementById('layer-dd').checked;
    if (hotLayer) { if (hot) hotLayer.addTo(map); else map.removeLayer(hotLayer); }
    if (ddLayer) { if (dd) ddLayer.addTo(map); else map.removeLayer(ddLayer); }
    updateLsoas();
  }
  function updateLsoas() {
    var z = map.getZoom();
    state.zoom = z;
    lsoaGroup.clearLayers();
    state.lsoaFeatures = 0;
    if (!meta || z < meta.lsoa_min_zoom || !document.getElementById('layer-lsoas').checked) return Promise.resolve();
    var b = bandOf(z), view = map.getBounds(), jobs = [];
    meta.local_authorities.forEach(function (la) {
      if (!view.intersects(bounds(la.bbox))) return;
      var key = la.code + '/' + b;
      if (lsoaCache[key]) { lsoaGroup.addLayer(lsoaCache[key]); state.lsoaFeatures += lsoaCache[key].getLayers().length; return; }
      if (loading[key]) { jobs.push(loading[key]); return; }
      loading[key] = getJson(api('/layers/lsoas.geojson', '&zoom=' + bandZoom(b) + '&la=' + encodeURIComponent(la.code)))
        .then(function (g) {
          lsoaCache[key] = L.geoJSON(g, {
            style: lsoaStyle,
            onEachFeature: function (f, l) {
              var p = f.properties;
              l.bindTooltip((p.lsoa21_name || p.lsoa11_name || f.id) + ' (' + f.id + ')' +
                            (p.hotspot_cluster ? ' · ' + p.hotspot_cluster : ''));
              l.on('click', function () { if (p.neighbourhood_id) select(p.neighbourhood_id); });
            }
          });
          delete loading[key];
          if (map.getZoom() >= meta.lsoa_min_zoom && bandOf(map.getZoom()) === b) {
            lsoaGroup.addLayer(lsoaCache[key]);
            state.lsoaFeatures += lsoaCache[key].getLayers().length;
          }
        });
      jobs.push(loading[key]);
    });
    return Promise.all(jobs);
  }
  function lsoaStyle(f) {
    var hi = state.highlightedLsoa === f.id;
    return { color: hi ? '#0b0c0c' : '#1d1d1b', weight: hi ? 4 : 0.7, fill: true, fillColor: '#ffffff',
             fillOpacity: hi ? 0.35 : 0, opacity: 0.9 };
  }
  function highlightLsoa(code) {
    state.highlightedLsoa = code;
    Object.keys(lsoaCache).forEach(function (k) {
      lsoaCache[k].setStyle(lsoaStyle);
      lsoaCache[k].eachLayer(function (l) { if (l.feature.id === code && map.hasLayer(l)) l.bringToFront(); });
    });
  }

  // Search.
  var timer = null;
  function search(text) {
    var list = document.getElementById('results');
    if (text.trim().length < 2) { list.innerHTML = ''; return Promise.resolve(); }
    return getJson(api('/search', '&q=' + encodeURIComponent(text))).then(function (hits) {
      list.innerHTML = '';
      if (!hits.length) list.appendChild(el('li', { 'class': 'small' }, 'Nothing found for "' + text + '".'));
      hits.forEach(function (h) {
        var li = el('li');
        var btn = el('button', { type: 'button', 'data-kind': h.kind, 'data-id': h.id });
        btn.appendChild(document.createTextNode(h.name + ' '));
        btn.appendChild(el('span', { 'class': 'kind' }, '(' + ({ neighbourhood: 'neighbourhood', ward: 'ward', lad: 'local authority', lsoa: 'LSOA' })[h.kind] + ', ' + h.id + ')'));
        btn.addEventListener('click', function () { go(h); });
        li.appendChild(btn);
        list.appendChild(li);
      });
    }).catch(function (e) { say('Search failed: ' + e.message); });
  }
  function go(h) {
    if (h.neighbourhood_id) state.selected = h.neighbourhood_id;
    if (h.kind === 'lsoa') state.highlightedLsoa = h.id;
    if (h.bbox) map.fitBounds(bounds(h.bbox), { maxZoom: 14 });
    if (h.kind === 'lsoa') updateLsoas().then(function () { highlightLsoa(h.id); });
    if (h.neighbourhood_id) select(h.neighbourhood_id);
  }
  document.getElementById('search-form').addEventListener('submit', function (e) {
    e.preventDefault();
    search(document.getElementById('q').value);
  });
  document.getElementById('q').addEventListener('input', function (e) {
    clearTimeout(timer);
    var v = e.target.value;
    timer = setTimeout(function () { search(v); }, 250);
  });
  ['layer-hotspots', 'layer-dd', 'layer-lsoas'].forEach(function (id) {
    document.getElementById(id).addEventListener('change', syncOverlays);
  });
  document.getElementById('indicator').addEventListener('change', function (e) {
    indicator = meta.indicators[Number(e.target.value)];
    nbGroup.setStyle(nbStyle);
    legend();
    if (state.selected) select(state.selected);
  });
  var booting = true;
  map.on('zoomend moveend', function () {
    if (!meta || booting) return;
    var b = bandOf(map.getZoom());
    if (b !== state.band) loadBand(b).catch(function (e) { say('Map data failed to load: ' + e.message); });
    else updateNeighbourhoods().catch(function (e) { say('Map data failed to load: ' + e.message); });
    updateLsoas().catch(function (e) { say('LSOA boundaries failed to load: ' + e.message); });
  });

  // The page carries the atlas's description (the JSON of /api/v1/atlas).
  Promise.resolve(JSON.parse(root.getAttribute('data-meta'))).then(function (m) {
    meta = m;
    var sel = document.getElementById('indicator');
    m.indicators.forEach(function (ind, i) { sel.appendChild(el('option', { value: String(i) }, ind.name)); });
    indicator = m.indicators[0] || null;
    legend();
    map.fitBounds(bounds(m.bbox));
    booting = false;
    var params = new URLSearchParams(location.search);
    if (params.get('n')) state.selected = params.get('n');
    return loadBand(bandOf(map.getZoom()));
  }).then(function () {
    if (state.selected) select(state.selected);
  }).catch(function (e) { say('The map could not load: ' + e.message); });
})();
